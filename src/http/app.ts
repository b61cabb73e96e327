// The fastify app as a function of its dependencies; no listen() here (fastify/demo's app/server split).
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
} from 'fastify';
import type { DetectionService } from '../alerts/detection-service.js';
import type { ChannelIngest } from '../ingest/channel-ingest.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { AlertStore } from '../store/alert-store.js';
import type { OrderStore } from '../store/order-store.js';
import { createBearerCheck } from './auth.js';
import { errorHandler } from './error-handler.js';
import { registerJsonBody } from './json-body.js';
import type { Metrics } from './metrics.js';
import { alertRoutes } from './routes/alerts.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
import { orderRoutes } from './routes/orders.js';
import { silenceRoutes } from './routes/silences.js';
import { dryRunRoutes } from './routes/dry-run.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { reportRoutes, type ReportRouteDeps } from './routes/reports.js';
import { customerRoutes, type CustomerRouteDeps } from './routes/customers.js';
import { PAGE_MAX_PARAM_LENGTH, pageRoutes, type PageDeps } from './routes/pages.js';
import type { DeliveryStore } from '../store/delivery-store.js';
import type { RuleSettings } from '../rules/types.js';
import type { Clock } from '../lib/clock.js';
import type { InteractionStore } from '../store/interaction-store.js';
import { auditRoutes } from './routes/audit.js';
import { peopleRoutes } from './routes/people.js';

export const BODY_LIMIT = 10 * 1024 * 1024;

export interface AppDeps {
  apiToken: string | null;
  ingest: IngestService;
  channels: ChannelIngest;
  store: Pick<OrderStore, 'getOrder'>;
  alerts: Pick<AlertStore, 'list' | 'createSilence' | 'listSilences' | 'expireSilence'>;
  clock: Clock;
  dryRun: { knownRules: readonly string[]; run(proposal: Record<string, RuleSettings>): Promise<unknown> };
  detection: Pick<DetectionService, 'sweep'>;
  metrics: Metrics;
  checks: ReadinessCheck[];
  /** The delivery log: dead letters on /readyz and the API. */
  deliveries: Pick<DeliveryStore, 'list' | 'retryDead' | 'stats'>;
  /**
   * Routes platforms call (WeCom callbacks, DingTalk HTTP robot), registered by the composition root from
   * bots/: each is a fastify plugin with its own body parsing, limits and signature checks.
   */
  platformRoutes?: FastifyPluginAsync[];
  /** The audit trail and the people list (GET /api/v1/audit, /api/v1/people); not served when absent. */
  interactions?: Pick<InteractionStore, 'audit' | 'listPeople' | 'upsertPerson'>;
  /** Customer delivery notices: opt-outs and the notice log (/api/v1/customers/*). */
  customers?: CustomerRouteDeps['customers'];
  /** The daily health report: GET /api/v1/reports/daily (+ chart.png) and the public chart link /r/:token. */
  reports?: ReportRouteDeps['reports'];
  /** The pages behind signed card links (GET /o/:token, GET /d/:token); not served when absent. */
  pages?: PageDeps;
  logger?: FastifyServerOptions['loggerInstance'];
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // No per-request lines (metrics count them); bodies and auth headers are never logged.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    // Signed link tokens (digest ones especially) are longer than fastify's default 100-character param.
    routerOptions: { maxParamLength: PAGE_MAX_PARAM_LENGTH },
  });
  registerJsonBody(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      error: 'not_found',
      message: `没有这个接口 / no route ${req.method} ${req.url.split('?')[0]}`,
    });
  });

  const checkBearer = createBearerCheck(deps.apiToken);
  app.addHook('onRequest', async (req) => {
    // The matched route too: the router decodes the path, so /%61pi/v1/alerts is /api/v1/alerts.
    if (!req.url.startsWith('/api/') && !(req.routeOptions.url ?? '').startsWith('/api/')) return;
    // Shopify cannot send a bearer token; its webhook is authenticated by its HMAC instead.
    if (deps.channels.authenticates(req.url, req.headers)) return;
    checkBearer(req.headers.authorization);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequests.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  healthRoutes(app, {
    checks: deps.checks,
    metrics: deps.metrics,
    status: async () => ({
      deliveries: await deps.deliveries.stats(deps.clock.now()),
      ...(deps.customers ? { customerNotices: await deps.customers.stats() } : {}),
    }),
  });
  ingestRoutes(app, { ingest: deps.ingest, channels: deps.channels, metrics: deps.metrics });
  orderRoutes(app, {
    store: deps.store,
    alerts: deps.alerts,
    ...(deps.interactions ? { audit: deps.interactions } : {}),
  });
  if (deps.interactions) {
    auditRoutes(app, { audit: deps.interactions });
    peopleRoutes(app, { people: deps.interactions, clock: deps.clock });
  }
  alertRoutes(app, { alerts: deps.alerts, detection: deps.detection });
  silenceRoutes(app, { alerts: deps.alerts, clock: deps.clock });
  dryRunRoutes(app, deps.dryRun);
  deliveryRoutes(app, { deliveries: deps.deliveries, clock: deps.clock });
  if (deps.customers) customerRoutes(app, { customers: deps.customers });
  if (deps.reports) {
    reportRoutes(app, {
      reports: deps.reports,
      clock: deps.clock,
      ...(deps.pages ? { links: deps.pages.links } : {}),
    });
  }
  if (deps.pages) pageRoutes(app, deps.pages);
  for (const plugin of deps.platformRoutes ?? []) await app.register(plugin);
  return app;
}
