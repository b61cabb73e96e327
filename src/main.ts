// Composition root: config → store → queue backend → services → roles (api | worker | stream | all).
// The only file in src/ that may import jobs/ or a queue library.
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createQueueKit, type QueueBackendSpec, type QueueKit } from '../jobs/queues.js';
import { redisAnswers } from '../jobs/redis-probe.js';
import { detectHandler, sweepHandler } from '../jobs/detect-worker.js';
import { notifyHandler, type Pumpable } from '../jobs/notify-worker.js';
import { startSandbox, type Sandbox } from '../bots/sandbox/start-sandbox.js';
import { sandboxUiRoutes } from '../bots/sandbox/ui/index.js';
import { createDemoFeed, type DemoFeed } from './demo/feed.js';
import { demoRoutes } from './http/routes/demo.js';
import {
  ConfigError,
  loadConfigFromFiles,
  processEnv,
  redactUrl,
  type Config,
  type Env,
} from './config/index.js';
import { createDetectionService } from './alerts/detection-service.js';
import { activeRules } from './alerts/rule-settings.js';
import { createDryRun } from './alerts/dry-run.js';
import { createChannelIngest } from './ingest/channel-ingest.js';
import { createIngestService } from './ingest/ingest-service.js';
import { buildApp } from './http/app.js';
import { createMetrics } from './http/metrics.js';
import { systemClock } from './lib/clock.js';
import { createLogger, type Logger } from './lib/logger.js';
import { migrateDatabase } from './runtime/migrate-database.js';
import { RULES } from './rules/catalogue/index.js';
import { resolveStore, type ResolvedStore } from './runtime/resolve-store.js';
import { createAlertStore } from './store/alert-store.js';
import { createDeliveryStore } from './store/delivery-store.js';
import { createReportStore } from './store/report-store.js';
import { createDailyReporter } from './reports/reporter.js';
import { reportChartUrl } from './http/routes/reports.js';
import { DEFAULT_TEAM } from './notify/targets.js';
import { loadOrCreateSecret } from './store/app-secrets.js';
import { createLinkSigner } from './lib/signed-link.js';
import { createPageStore } from './store/page-read.js';
import { createCardLookup, createChatOutputs, createDelivery } from './main/delivery.js';
import { createCustomers } from './main/customers.js';
import { createEscalationService } from './escalation/index.js';
import { createEscalationEffects } from './notify/escalation-effects.js';
import { createEscalationTimers, startEscalateWorker } from '../jobs/escalate-worker.js';
import { createInteractions } from './main/interactions.js';
import { createOrderStore } from './store/order-store.js';
import { createPool } from './store/pool.js';
import { createPrisma } from './store/prisma.js';

export const ROLES = ['api', 'worker', 'stream', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

export interface Running {
  url: string | null;
  store: ResolvedStore['kind'];
  queue: QueueBackendSpec['kind'];
  apiToken: string | null;
  config: Config;
  /** The in-process emulated platforms in sandbox mode (their chats are what the sandbox shows). */
  sandbox: Sandbox | null;
  stop(): Promise<void>;
}

async function resolveQueue(config: Config, dbUrl: string): Promise<QueueBackendSpec> {
  const namespace = config.queueNamespace;
  const redis: QueueBackendSpec = {
    kind: 'redis',
    url: config.redis.url,
    namespace,
    sentinels: config.redis.sentinels,
  };
  const postgres: QueueBackendSpec = { kind: 'postgres', url: dbUrl, namespace };
  if (config.queueBackend === 'redis') return redis;
  if (config.queueBackend === 'postgres') return postgres;
  if (config.redis.explicit || (await redisAnswers(config.redis.url, 1000, config.redis.sentinels)))
    return redis;
  return postgres;
}

export interface StartOptions {
  env: Env;
  role?: ProcessRole;
  log?: Logger;
  /** Adjusts the loaded config before use (tests point the "default" addresses at nothing). */
  override?: (config: Config) => Config;
}

export async function startOrderwatch(opts: StartOptions): Promise<Running> {
  const role = opts.role ?? 'all';
  const loaded = loadConfigFromFiles(opts.env);
  let config = opts.override ? opts.override(loaded) : loaded;
  const log = opts.log ?? createLogger(config.logLevel);
  // Sandbox mode: the emulated platforms run in this process and the config points at them.
  let sandbox: Sandbox | null = null;
  if (config.sandbox.enabled && (role === 'worker' || role === 'all')) {
    sandbox = await startSandbox(config);
    config = sandbox.config;
  }
  const store = await resolveStore(config, (m) => log.info(m));
  const queueSpec = await resolveQueue(config, store.url);
  // The first lines say which store, which queue backend and which mode (CONTRACT.md §1).
  log.info(`orderwatch role=${role} store: ${store.describe}`);
  log.info(
    `queue backend: ${queueSpec.kind === 'redis' ? `redis ${redactUrl(queueSpec.url)}` : 'bullmq postgres backend (schema bullmq)'}`,
  );
  log.info(`mode: ${config.sandbox.enabled ? 'sandbox (no platform credentials)' : 'live platforms'}`);
  if (sandbox) {
    const { wecom, dingtalk, sms } = sandbox;
    log.info(`sandbox platforms: WeCom ${wecom.url}, DingTalk ${dingtalk.url}, SMS ${sms.url}`);
  }

  const pool = createPool(store.url);
  const applied = await migrateDatabase(pool);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const prisma = createPrisma(pool);
  const orders = createOrderStore({ pool, prisma });
  const queues: QueueKit = createQueueKit(queueSpec);
  const metrics = createMetrics();
  metrics.info.set({ store: store.kind, queue: queueSpec.kind, version: '0.1.0' }, 1);

  const alerts = createAlertStore(pool);
  const active = activeRules(RULES, config);
  if (active.unknownIds.length)
    log.warn({ ids: active.unknownIds }, 'orderwatch.yaml names rules that do not exist');
  const detection = createDetectionService({
    store: alerts,
    active,
    routes: config.routes,
    clock: systemClock,
  });
  const deliveries = createDeliveryStore(pool);
  const reports = createReportStore(pool);
  // One link key for every process: cards are signed by workers, the pages verify in the api role.
  const linkSecret =
    config.delivery.linkSecret ?? (await loadOrCreateSecret(pool, 'link-signing', systemClock.now()));
  const linkSigner = createLinkSigner({ secret: linkSecret, clock: systemClock });
  const worker = role === 'worker' || role === 'all';
  const customers = createCustomers(config, pool, log);
  const out = createChatOutputs(config, linkSigner, log);
  const delivery = worker
    ? createDelivery(config, out, deliveries, log, (e) =>
        metrics.deliveries.inc({ channel: e.channel, kind: e.kind, result: e.result }),
      )
    : null;
  // Cards go out right after the change commits (here, or through the notify queue from an api/stream
  // process); the relay job catches whatever that misses.
  const deliver = async () => {
    if (delivery)
      await delivery.pump().catch((err) => log.error({ err }, 'delivery pass failed; the relay retries it'));
    else
      await queues
        .add('notify', {}, `notify-${randomUUID()}`)
        .catch((err) => log.warn({ err }, 'notify enqueue failed'));
  };
  const interactions = await createInteractions(config, pool, log, {
    onAlertsChanged: () => void deliver(),
    cardFor: createCardLookup(out, deliveries),
  });
  if (delivery) {
    const reporter = createDailyReporter({
      store: reports,
      notifiers: out.notifiers,
      targets: out.targets,
      clock: systemClock,
      log,
      teams: [...new Set([...config.teams.map((t) => t.id), DEFAULT_TEAM])],
      chartUrl: (date, team) => reportChartUrl(linkSigner, config.http.publicUrl, date, team),
    });
    const escalation = createEscalationService({
      pool,
      policies: config.escalation,
      businessHours: config.businessHours,
      teams: config.teams,
      timers: createEscalationTimers(queues),
      effects: createEscalationEffects({
        store: deliveries,
        notifiers: out.notifiers,
        targets: out.targets,
        renderer: out.rendering,
        clock: systemClock,
        log,
        customerNotice: (orderId) => customers.requestDelayNotice(orderId),
      }),
      clock: systemClock,
      log,
      afterChange: deliver,
    });
    startEscalateWorker(queues, escalation);
    await escalation.reconcile();
    // The sync is not awaited: it runs one at a time per process (later calls share one follow-up run),
    // and a detect job waiting for it held one of the worker's slots while the next orders queued.
    const afterDetection = async () => {
      void escalation
        .sync()
        .catch((err) => log.error({ err }, 'escalation sync failed; the next sweep retries'));
      await deliver();
    };
    const periodic: Pumpable[] = [
      ...(interactions.sender ? [{ name: 'outbound webhook', pump: () => interactions.sender!.pump() }] : []),
      { name: 'customer notices', pump: () => customers.pump() },
      ...(config.delivery.dailyReport
        ? [{ name: 'daily report', pump: atMostEvery(60_000, () => reporter.tick()) }]
        : []),
    ];
    const detect = detectHandler(detection, afterDetection);
    queues.work('detect', async (data) => {
      const r = await detect(data);
      // Customers hear of their parcel's scans whatever the alerts did.
      await customers
        .onOrdersChanged(data.orderIds)
        .catch((err) => log.warn({ err }, 'customer notices not planned'));
      return r;
    });
    // After every sweep, changed or not: it is when ended snoozes and mutes get their timers back.
    queues.work(
      'sweep',
      async () => {
        const r = await sweepHandler(detection, deliver)();
        await escalation.sync().catch((err) => log.error({ err }, 'escalation sync failed'));
        return r;
      },
      1,
    );
    queues.work(
      'notify',
      notifyHandler(delivery, periodic, (name, err) => log.warn({ err }, `${name} pass failed`)),
      1,
    );
    await queues.every('sweep', config.sweepIntervalMs, {});
    await queues.every('notify', config.delivery.relayIntervalMs, {});
    metrics.watchDeliveries(() => deliveries.stats(systemClock.now()));
  }
  const stream = role === 'stream' || role === 'all' ? interactions.startStream() : null;
  if (stream) log.info('DingTalk Stream: connecting');

  let apiToken = config.apiToken;
  let url: string | null = null;
  let closeHttp = async () => {};
  let feed: DemoFeed | null = null;
  if (role === 'api' || role === 'all') {
    if (!apiToken && config.sandbox.enabled) {
      apiToken = randomBytes(18).toString('base64url');
      log.info(`sandbox API token (generated for this run): ${apiToken}`);
    }
    const ingest = createIngestService({
      store: orders,
      clock: systemClock,
      afterCommit: (ids) => enqueueDetection(queues, ids),
      onAfterCommitError: (err) =>
        log.error({ err }, 'could not enqueue re-detection of changed orders; their data is stored'),
    });
    // Sandbox mode's synthetic traffic goes through the real ingest service (DEMO_FEED).
    feed = config.demoFeed ? createDemoFeed({ ingest, clock: systemClock, log }) : null;
    const app = await buildApp({
      apiToken,
      ingest,
      channels: createChannelIngest({ ingest, shopifySecret: config.shopify.webhookSecret }),
      store: orders,
      alerts,
      detection,
      clock: systemClock,
      dryRun: createDryRun({ store: alerts, allRules: RULES, config, clock: systemClock }),
      metrics,
      logger: log,
      deliveries,
      pages: {
        links: linkSigner,
        store: createPageStore(pool),
        publicUrl: config.http.publicUrl,
        clock: systemClock,
      },
      interactions: interactions.store,
      reports,
      customers,
      platformRoutes: [
        ...interactions.platformRoutes(),
        ...(sandbox ? [sandboxUiRoutes({ sandbox, people: config.people, teams: config.teams, log })] : []),
      ],
      checks: [
        { name: 'postgres', check: async () => void (await pool.query('SELECT 1')) },
        { name: `queue:${queueSpec.kind}`, check: () => queues.ping() },
        ...(stream ? [{ name: 'dingtalk:stream', check: async () => streamCheck(stream) }] : []),
      ],
    });
    if (feed) demoRoutes(app, { feed });
    url = await app.listen({ host: config.http.host, port: config.http.port });
    feed?.start();
    sandbox?.connectCallbacks(url);
    log.info(`listening on ${url}`);
    if (sandbox) log.info(`sandbox: ${url}/sandbox`);
    closeHttp = () => app.close();
  }

  const stop = async () => {
    feed?.stop();
    await stream?.stop();
    await closeHttp();
    await queues.close();
    await prisma.$disconnect().catch(() => {});
    await pool.end().catch(() => {});
    await store.stop();
    await sandbox?.stop();
  };
  return { url, store: store.kind, queue: queueSpec.kind, apiToken, config, sandbox, stop };
}

/** One job id per commit, so retrying a failed enqueue can never queue the same hand-off twice. */
async function enqueueDetection(queues: QueueKit, orderIds: string[]): Promise<void> {
  const jobId = `detect-${randomUUID()}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await queues.add('detect', { orderIds }, jobId);
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}

/** A task the relay runs every few seconds, limited to once per `ms` in this process. */
function atMostEvery(ms: number, task: () => Promise<unknown>): () => Promise<unknown> {
  let last = 0;
  return async () => {
    if (Date.now() - last < ms) return;
    last = Date.now();
    await task();
  };
}

function streamCheck(stream: { status(): { connected: boolean } }): void {
  if (!stream.status().connected) throw new Error('DingTalk Stream is not connected (reconnecting)');
}

function parseRole(argv: string[]): ProcessRole {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all';
  if (!(ROLES as readonly string[]).includes(arg)) {
    throw new Error(`--role must be one of ${ROLES.join(', ')}; got "${arg}"`);
  }
  return arg as ProcessRole;
}

async function main(): Promise<void> {
  let running: Running | undefined;
  let stopRequested: string | null = null;
  const shutdown = (signal: string) => {
    if (stopRequested) return;
    stopRequested = signal;
    // Contract: exit 0 within 10 s. In-flight jobs are finished or handed back by worker.close().
    const deadline = setTimeout(() => process.exit(1), 9_500);
    deadline.unref();
    console.error(`${signal}: stopping`);
    // A signal during start-up is honoured as soon as start-up finishes (below).
    running?.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Installed before start-up, so an early SIGTERM still ends in a clean stop, not a kill.
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  try {
    running = await startOrderwatch({ env: processEnv(), role: parseRole(process.argv.slice(2)) });
  } catch (err) {
    // A ConfigError lists every bad key at once and never carries a secret's value.
    console.error(
      err instanceof ConfigError ? err.message : `orderwatch failed to start: ${(err as Error).message}`,
    );
    process.exit(1);
  }
  if (stopRequested) {
    await running.stop().catch(() => {});
    process.exit(0);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
