// Ingest → alert row latency at a steady event rate, through the real pipeline in one process: fastify
// app on 127.0.0.1 → ingest (one transaction) → after-commit enqueue on BullMQ/Redis → detect worker
// (concurrency as in src/main.ts) → lock, load facts, run every rule, reconcile, muting. Real clock.
// Each event is a carrier `exception` scan on a different shipped order, so each opens exactly one
// alert (logistics_exception, critical); latency = the alert's opened_at − the event's send time.
// Load: batches of BATCH events (default 10) in one POST /api/v1/events every BATCH / RATE s (20 ms),
// on an absolute schedule, not waiting for responses, at most MAX_IN_FLIGHT requests outstanding.
import { randomUUID } from 'node:crypto';
import { createQueueKit } from '../../jobs/queues.js';
import { detectHandler } from '../../jobs/detect-worker.js';
import { createDetectionService } from '../../src/alerts/detection-service.js';
import { createDryRun } from '../../src/alerts/dry-run.js';
import { activeRules } from '../../src/alerts/rule-settings.js';
import { loadConfig } from '../../src/config/index.js';
import { buildApp } from '../../src/http/app.js';
import { createMetrics } from '../../src/http/metrics.js';
import { createChannelIngest } from '../../src/ingest/channel-ingest.js';
import { createIngestService } from '../../src/ingest/ingest-service.js';
import { systemClock } from '../../src/lib/clock.js';
import { RULES } from '../../src/rules/catalogue/index.js';
import { createDeliveryStore } from '../../src/store/delivery-store.js';
import { createAlertStore, type AlertStore } from '../../src/store/alert-store.js';
import { createTestDatabase } from '../helpers/database.js';
import { REDIS_URL } from '../helpers/env.js';
import { NAIVE_POLL_MS, pollingWait } from './naive.js';
import { HISTORY_SQL } from './sweep.js';

const EVENTS = Number(process.env.BENCH_ALERT_EVENTS ?? 10_000);
const RATE = Number(process.env.BENCH_ALERT_RATE ?? 500);
/** Events per POST /api/v1/events; one request every BATCH / RATE seconds (10 → every 20 ms). */
const BATCH = Number(process.env.BENCH_ALERT_BATCH ?? 10);
const WARMUP_EVENTS = 500;
const MAX_IN_FLIGHT = 32;
const HISTORY_ORDERS = 100_000;
const DRAIN_TIMEOUT_MS = 60_000;
const GOAL_P99_MS = 200;
const TOKEN = 'bench-token-0123456789';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: pct(s, 0.5),
    p90: pct(s, 0.9),
    p99: pct(s, 0.99),
    max: s[s.length - 1] ?? NaN,
    mean: Math.round((s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) * 10) / 10,
  };
};

// Shipped, collected, last scan in transit 30 minutes ago; a unique phone and a plain address, no remark:
// no rule fires on them until the exception scan arrives (then only logistics_exception).
/** $1 now, $2 id prefix, $3 how many, $4 warehouses (wh-1 … wh-$4, by k). */
export const SHIPPED_SQL = `
INSERT INTO orders (channel, external_id, status, status_at, amount_fen, currency, buyer_name, buyer_phone,
  phone_hash, province, city, district, address_detail, address_hash, items, warehouse, remark, created_at,
  paid_at, picked_at, packed_at, shipped_at, promised_ship_at, tracking_no, carrier, tracking_at,
  collected_at, last_scan_at, last_scan_status, last_scan_text, raw, received_at, updated_at)
SELECT 'taobao', $2 || '-' || k, 'shipped', $1::timestamptz - interval '1 hour', 19900, 'CNY', '赵六',
  '177' || lpad(k::text, 8, '0'), $2 || '-ph-' || k, '浙江省', '杭州市', '余杭区',
  '文一西路 ' || k || ' 号 3 幢', $2 || '-ad-' || k, '[]'::jsonb, 'wh-' || (1 + k % $4::int), '',
  $1::timestamptz - interval '3 hours', $1::timestamptz - interval '179 minutes',
  $1::timestamptz - interval '2 hours', $1::timestamptz - interval '90 minutes',
  $1::timestamptz - interval '1 hour', $1::timestamptz + interval '24 hours', 'YT' || k, 'yto',
  $1::timestamptz - interval '1 hour', $1::timestamptz - interval '50 minutes',
  $1::timestamptz - interval '30 minutes', 'in_transit', '运输中', '{}'::jsonb,
  $1::timestamptz - interval '3 hours', $1::timestamptz - interval '30 minutes'
FROM generate_series(1, $3::int) k`;

export async function benchAlertLatency(): Promise<Record<string, unknown>> {
  const db = await createTestDatabase();
  const run = randomUUID().slice(0, 8);
  const kit = createQueueKit({ kind: 'redis', url: REDIS_URL, namespace: `ow-bench-${run}` });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const loadedAt = new Date();
    await db.pool.query(HISTORY_SQL, [loadedAt, 1, HISTORY_ORDERS]);
    await db.pool.query(SHIPPED_SQL, [loadedAt, `W${run}`, WARMUP_EVENTS, 1]);
    await db.pool.query(SHIPPED_SQL, [loadedAt, `L${run}`, EVENTS, 1]);
    await db.pool.query('ANALYZE');

    const config = loadConfig({});
    const active = activeRules(RULES, config);
    const alerts = createAlertStore(db.pool);
    // Instrumented, not changed: when each order's evaluation transaction committed (opened_at is the
    // clock read before the reconcile statements, so it comes a little before the row is visible).
    const mark = (m: Map<string, number>, ids: readonly string[]) => {
      const t = Date.now();
      for (const id of ids) if (!m.has(id)) m.set(id, t);
    };
    const committedAt = new Map<string, number>();
    const store: AlertStore = {
      ...alerts,
      evaluateLocked: async (ids, windows, judge) => {
        const r = await alerts.evaluateLocked(ids, windows, judge);
        mark(committedAt, ids);
        return r;
      },
    };
    const detection = createDetectionService({ store, active, routes: config.routes, clock: systemClock });
    // Stage marks per order (first time seen): ingest committed, enqueued, worker started the job.
    const ingestedAt = new Map<string, number>();
    const enqueuedAt = new Map<string, number>();
    const startedAt = new Map<string, number>();
    const jobMs: number[] = [];
    let enqueueFailures = 0;
    const handle = detectHandler(detection);
    kit.work('detect', async (data) => {
      mark(startedAt, data.orderIds);
      const s0 = Date.now();
      const r = await handle(data);
      jobMs.push(Date.now() - s0);
      return r;
    });
    const ingest = createIngestService({
      store: db.store,
      clock: systemClock,
      // As src/main.ts's enqueueDetection: one job id per commit.
      afterCommit: async (ids) => {
        mark(ingestedAt, ids);
        await kit.add('detect', { orderIds: ids }, `detect-${randomUUID()}`);
        mark(enqueuedAt, ids);
      },
      onAfterCommitError: () => void (enqueueFailures += 1),
    });
    app = await buildApp({
      apiToken: TOKEN,
      ingest,
      channels: createChannelIngest({ ingest, shopifySecret: null }),
      store: db.store,
      alerts,
      detection,
      clock: systemClock,
      dryRun: createDryRun({ store: alerts, allRules: RULES, config, clock: systemClock }),
      metrics: createMetrics(),
      deliveries: createDeliveryStore(db.pool),
      checks: [],
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });

    const sentAt = new Map<string, number>();
    const ackMs: number[] = [];
    let httpErrors = 0;
    let itemErrors = 0;
    const post = async (prefix: string, from: number, count: number) => {
      const at = Date.now();
      const events = Array.from({ length: count }, (_, i) => {
        const externalId = `${prefix}-${from + i + 1}`;
        sentAt.set(externalId, at);
        return {
          channel: 'taobao',
          externalId,
          type: 'logistics',
          at: new Date(at).toISOString(),
          data: { status: 'exception', description: '包裹破损，派件异常' },
        };
      });
      try {
        const res = await fetch(`${url}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
        });
        const json = (await res.json()) as { results?: { ok: boolean; duplicate?: boolean }[] };
        if (res.status !== 200) httpErrors++;
        itemErrors += (json.results ?? []).filter((r) => !r.ok || r.duplicate).length;
      } catch {
        httpErrors++;
      }
      return Date.now() - at;
    };
    const alertCount = async (prefix: string) =>
      (
        await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM alerts a JOIN orders o ON o.id = a.order_id
           WHERE o.external_id LIKE $1 || '-%'`,
          [prefix],
        )
      ).rows[0]!.n;
    /** Waits until the detect queue is empty and the alerts are in; ms it took, or null on timeout. */
    const drain = async (prefix: string, expected: number): Promise<number | null> => {
      const start = Date.now();
      while (Date.now() - start < DRAIN_TIMEOUT_MS) {
        const c = await kit.counts('detect');
        const busy = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0);
        if (busy === 0 && (await alertCount(prefix)) >= expected) return Date.now() - start;
        await sleep(50);
      }
      return null;
    };

    // Warm-up (JIT, connections, plan caches) on orders of their own, at a tenth of the rate; not counted.
    for (let i = 0; i < WARMUP_EVENTS; i += BATCH) {
      await post(`W${run}`, i, Math.min(BATCH, WARMUP_EVENTS - i));
      await sleep((BATCH / RATE) * 10_000);
    }
    await drain(`W${run}`, WARMUP_EVENTS);
    jobMs.length = 0;
    ackMs.length = 0;

    // The measured run: request k goes out at t0 + k × interval (absolute schedule, no drift), without
    // waiting for earlier responses, at most MAX_IN_FLIGHT requests outstanding.
    const prefix = `L${run}`;
    const intervalMs = (BATCH / RATE) * 1000;
    const requests = Math.ceil(EVENTS / BATCH);
    const inFlight = new Set<Promise<void>>();
    const lateness: number[] = [];
    let blockedByCap = 0;
    const t0 = Date.now() + 50;
    for (let k = 0; k < requests; k++) {
      const due = t0 + k * intervalMs;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      while (inFlight.size >= MAX_IN_FLIGHT) {
        blockedByCap++;
        await Promise.race(inFlight);
      }
      lateness.push(Math.max(0, Date.now() - due));
      const p: Promise<void> = post(prefix, k * BATCH, Math.min(BATCH, EVENTS - k * BATCH)).then((ms) => {
        ackMs.push(ms);
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    const sendSeconds = (Date.now() - t0) / 1000;
    await Promise.all(inFlight);
    const drained = await drain(prefix, EVENTS);

    const rows = (
      await db.pool.query<{ order_id: string; external_id: string; rule: string; opened_at: Date }>(
        `SELECT a.order_id, o.external_id, a.rule, a.opened_at FROM alerts a JOIN orders o ON o.id = a.order_id
         WHERE o.external_id LIKE $1 || '-%'`,
        [prefix],
      )
    ).rows;
    const byRule: Record<string, number> = {};
    for (const r of rows) byRule[r.rule] = (byRule[r.rule] ?? 0) + 1;
    const exceptionRows = rows.filter((r) => r.rule === 'logistics_exception');
    const perOrder = new Map<string, number>();
    for (const r of exceptionRows) perOrder.set(r.external_id, (perOrder.get(r.external_id) ?? 0) + 1);
    const latency: number[] = [];
    const toCommit: number[] = [];
    const stages = { ingest_commit: [], enqueue: [], queue_wait: [], worker_to_commit: [] } as Record<
      string,
      number[]
    >;
    for (const r of exceptionRows) {
      const sent = sentAt.get(r.external_id)!;
      latency.push(r.opened_at.getTime() - sent);
      const [i, e, w, c] = [ingestedAt, enqueuedAt, startedAt, committedAt].map((m) => m.get(r.order_id));
      if (c !== undefined) toCommit.push(c - sent);
      if (i === undefined || e === undefined || w === undefined || c === undefined) continue;
      stages.ingest_commit!.push(i - sent);
      stages.enqueue!.push(e - i);
      stages.queue_wait!.push(w - e);
      stages.worker_to_commit!.push(c - w);
    }
    const lat = summary(latency);
    return {
      events_sent: EVENTS,
      alerts_opened: exceptionRows.length,
      alerts_by_rule: byRule,
      all_events_opened_one_alert:
        exceptionRows.length === EVENTS && perOrder.size === EVENTS && rows.length === EVENTS,
      events_without_alert: EVENTS - perOrder.size,
      drained_after_last_response_ms: drained ?? `not drained within ${DRAIN_TIMEOUT_MS} ms`,
      rate: {
        target_events_per_s: RATE,
        achieved_events_per_s: Math.round(EVENTS / sendSeconds),
        events_per_request: BATCH,
        request_interval_ms: intervalMs,
        requests,
        send_lateness_ms: summary(lateness),
        waits_for_in_flight_cap: blockedByCap,
        max_in_flight: MAX_IN_FLIGHT,
      },
      latency_ms: lat,
      latency_is:
        'alerts.opened_at − the event’s send time (Date.now() just before fetch); opened_at is the worker’s clock read after loading facts, before reconcile commits',
      to_commit_ms: summary(toCommit),
      to_commit_is: 'evaluation transaction committed (alert row visible) − send time, per order',
      http_ack_ms: summary(ackMs),
      stages_ms: {
        ...Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summary(v)])),
        detect_job: summary(jobMs),
        are: 'send → ingest transaction committed (after-commit hook) → BullMQ add resolved → worker picked the job up → evaluation committed; detect_job = one job (related orders, lock, facts, rules, reconcile, muting)',
      },
      errors: { http: httpErrors, items: itemErrors, enqueue: enqueueFailures },
      goal: { p99_ms: GOAL_P99_MS },
      meets_goal: lat.p99 <= GOAL_P99_MS,
      naive_polling_every_5_min: {
        computed: true,
        wait_ms: pollingWait(NAIVE_POLL_MS),
        note: `computed, not measured: a poller every ${NAIVE_POLL_MS} ms instead of detection on ingest; an event arriving at a random moment waits uniformly over one period, then the poll's own work`,
      },
      setup: {
        orders: HISTORY_ORDERS + WARMUP_EVENTS + EVENTS,
        shipped_targets: EVENTS,
        warmup_events: WARMUP_EVENTS,
        pipeline:
          'one Node process: fastify on 127.0.0.1 + fetch client + BullMQ worker (detect, concurrency DEFAULT_CONCURRENCY = 8) on Redis 127.0.0.1; Postgres 127.0.0.1; systemClock',
        event:
          'logistics status=exception on a different shipped order each → logistics_exception (critical)',
      },
    };
  } finally {
    await app?.close();
    await kit.obliterate().catch(() => {});
    await kit.close();
    await db.drop();
  }
}
