// The HTTP app over a real test database, with after-commit hand-offs recorded instead of queued.
import type { FastifyInstance } from 'fastify';
import { createDetectionService, type DetectionService } from '../../src/alerts/detection-service.js';
import { activeRules } from '../../src/alerts/rule-settings.js';
import { createDryRun } from '../../src/alerts/dry-run.js';
import { loadConfig } from '../../src/config/index.js';
import { buildApp, type AppDeps } from '../../src/http/app.js';
import { createMetrics, type Metrics } from '../../src/http/metrics.js';
import { createChannelIngest } from '../../src/ingest/channel-ingest.js';
import { createIngestService } from '../../src/ingest/ingest-service.js';
import { fakeClock } from '../../src/lib/clock.js';
import { createLinkSigner, type LinkSigner } from '../../src/lib/signed-link.js';
import { RULES } from '../../src/rules/catalogue/index.js';
import { createDeliveryStore } from '../../src/store/delivery-store.js';
import { createAlertStore } from '../../src/store/alert-store.js';
import { createPageStore } from '../../src/store/page-read.js';
import { createInteractionStore, type InteractionStore } from '../../src/store/interaction-store.js';
import type { TestDatabase } from './database.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const SHOPIFY_SECRET = 'shpss_test_secret_value';
export const LINK_SECRET = 'test-link-signing-secret';

export interface TestApp {
  app: FastifyInstance;
  clock: ReturnType<typeof fakeClock>;
  detection: DetectionService;
  handedOn: string[][];
  metrics: Metrics;
  auth: { authorization: string };
  /** Signs and verifies /o/ and /d/ links on the test clock, as the card renderer does. */
  links: LinkSigner;
  /** The chat-action store the app's /api/v1/audit and /api/v1/people read (and tests drive). */
  interactions: InteractionStore;
}

export async function buildTestApp(
  db: TestDatabase,
  opts: { apiToken?: string | null; logger?: AppDeps['logger'] } = {},
): Promise<TestApp> {
  const handedOn: string[][] = [];
  const clock = fakeClock('2026-11-22T12:00:00Z');
  const alerts = createAlertStore(db.pool);
  const config = loadConfig({});
  const detection = createDetectionService({
    store: alerts,
    active: activeRules(RULES, config),
    routes: config.routes,
    clock,
  });
  const ingest = createIngestService({
    store: db.store,
    clock,
    // Recorded, then run in-line: tests see alerts as soon as the request returns.
    afterCommit: async (ids) => {
      handedOn.push(ids);
      await detection.evaluate(ids);
    },
  });
  const metrics = createMetrics();
  const links = createLinkSigner({ secret: LINK_SECRET, clock });
  const interactions = createInteractionStore(db.pool);
  const app = await buildApp({
    apiToken: opts.apiToken === undefined ? TEST_TOKEN : opts.apiToken,
    ingest,
    channels: createChannelIngest({ ingest, shopifySecret: SHOPIFY_SECRET }),
    store: db.store,
    alerts,
    detection,
    clock,
    dryRun: createDryRun({ store: alerts, allRules: RULES, config, clock }),
    metrics,
    deliveries: createDeliveryStore(db.pool),
    checks: [{ name: 'postgres', check: async () => void (await db.pool.query('SELECT 1')) }],
    pages: { links, store: createPageStore(db.pool), publicUrl: 'http://127.0.0.1:8080', clock },
    interactions,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const auth = { authorization: `Bearer ${TEST_TOKEN}` };
  return { app, clock, detection, handedOn, metrics, auth, links, interactions };
}
