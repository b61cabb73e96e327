// Ingest → card received by the platform, through the whole server (startOrderwatch, role all, BullMQ on
// Redis) and the WeCom emulator over HTTP: latency = when the emulator accepted the group robot message
// − when the event's POST was sent. The WeCom group robot is the channel that can carry 200 cards a
// second at all: DingTalk's app APIs allow 20 calls a second (the adapter paces itself to that) and
// WeCom's app API 10,000 a minute per corp; robots are limited per robot only. Each event is a carrier `exception` scan on a
// different shipped order, so each opens exactly one alert (logistics_exception) and one card.
// Orders are spread over TEAMS groups so that no robot's 20-a-minute budget folds cards into digests:
// the figure is the single-card path. Load: batches of BATCH events every BATCH / RATE s.
import { SHIPPED_SQL } from './alert-latency.js';
import { NAIVE_POLL_MS, pollingWait } from './naive.js';
import { startDeliveryStack, type DeliveryStack } from '../helpers/delivery-stack.js';

const EVENTS = Number(process.env.BENCH_CARD_EVENTS ?? 4000);
const RATE = Number(process.env.BENCH_CARD_RATE ?? 200);
const BATCH = Number(process.env.BENCH_CARD_BATCH ?? 10);
const TEAMS = Number(process.env.BENCH_CARD_TEAMS ?? 400);
const WARMUP_EVENTS = 300;
const GOAL_P99_MS = 250;
const DRAIN_TIMEOUT_MS = 90_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

export async function benchCardLatency(): Promise<Record<string, unknown>> {
  const teams = Array.from({ length: TEAMS }, (_, i) => ({
    id: `t${i}`,
    warehouse: `wh-${i + 1}`,
    webhookKey: `bench-key-${i}`,
    onDuty: [],
  }));
  const s: DeliveryStack = await startDeliveryStack({
    people: [{ id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi' }],
    teams,
    env: { LOG_LEVEL: 'silent' },
  });
  try {
    const now = new Date();
    await s.db.pool.query(SHIPPED_SQL, [now, 'W', WARMUP_EVENTS, TEAMS]);
    await s.db.pool.query(SHIPPED_SQL, [now, 'L', EVENTS, TEAMS]);
    await s.db.pool.query('ANALYZE');
    const sentAt = new Map<string, number>();
    let httpErrors = 0;
    const post = async (prefix: string, from: number, count: number) => {
      const at = Date.now();
      const events = Array.from({ length: count }, (_, i) => {
        const externalId = `${prefix}-${from + i + 1}`;
        sentAt.set(externalId, at);
        const data = { status: 'exception', description: '包裹破损，派件异常' };
        return { channel: 'taobao', externalId, type: 'logistics', at: new Date(at).toISOString(), data };
      });
      const res = await s.post('/api/v1/events', { events }).catch(() => null);
      if (res?.status !== 200) httpErrors++;
      await res?.arrayBuffer();
    };
    const received = (prefix: string) => {
      const out = new Map<string, number>();
      const re = new RegExp(`\\b(${prefix}-\\d+)\\b`);
      for (const m of s.wecom.groupMessages()) {
        const id = re.exec(m.text)?.[1];
        if (id && !out.has(id)) out.set(id, m.at);
      }
      return out;
    };
    const drain = async (prefix: string, expected: number) => {
      const start = Date.now();
      while (Date.now() - start < DRAIN_TIMEOUT_MS && received(prefix).size < expected) await sleep(100);
    };

    for (let i = 0; i < WARMUP_EVENTS; i += BATCH) {
      await post('W', i, BATCH);
      await sleep((BATCH / RATE) * 5_000);
    }
    await drain('W', WARMUP_EVENTS);

    const interval = (BATCH / RATE) * 1000;
    const start = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0, k = 0; i < EVENTS; i += BATCH, k++) {
      const due = start + k * interval;
      if (due > Date.now()) await sleep(due - Date.now());
      inFlight.push(post('L', i, Math.min(BATCH, EVENTS - i)));
    }
    await Promise.all(inFlight);
    const sendSeconds = (Date.now() - start) / 1000;
    await drain('L', EVENTS);
    const got = received('L');
    const latencies = [...got].map(([id, at]) => at - sentAt.get(id)!).sort((a, b) => a - b);
    // Where the time goes: event sent → alert opened → delivery row planned → sent (recorded).
    const stages = await s.db.pool.query<{ id: string; opened: Date; planned: Date; sent: Date }>(
      `SELECT o.external_id AS id, a.opened_at AS opened, min(d.created_at) AS planned, min(d.sent_at) AS sent
       FROM alerts a JOIN orders o ON o.id = a.order_id JOIN deliveries d ON d.alert_id = a.id
       WHERE o.external_id LIKE 'L-%' AND d.kind = 'card'
       GROUP BY o.external_id, a.opened_at`,
    );
    const stage = (f: (r: (typeof stages.rows)[number]) => number) => {
      const xs = stages.rows
        .map(f)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      return { p50: pct(xs, 0.5), p99: pct(xs, 0.99) };
    };
    const stagesMs = {
      event_to_alert: stage((r) => r.opened.getTime() - sentAt.get(r.id)!),
      alert_to_planned: stage((r) => r.planned.getTime() - r.opened.getTime()),
      planned_to_sent: stage((r) => r.sent.getTime() - r.planned.getTime()),
    };
    const stats = await s.db.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`,
    );
    return {
      what: 'POST /api/v1/events → WeCom emulator accepted the group robot card (whole server, BullMQ on Redis)',
      events: EVENTS,
      target_rate_per_s: RATE,
      achieved_rate_per_s: Math.round(EVENTS / sendSeconds),
      groups: TEAMS,
      cards_received: got.size,
      missing: EVENTS - got.size,
      http_errors: httpErrors,
      deliveries: Object.fromEntries(stats.rows.map((r) => [r.status, r.n])),
      latency_ms: {
        p50: pct(latencies, 0.5),
        p90: pct(latencies, 0.9),
        p99: pct(latencies, 0.99),
        max: latencies[latencies.length - 1],
      },
      stages_ms: stagesMs,
      goal_p99_ms: GOAL_P99_MS,
      meets_goal: pct(latencies, 0.99) <= GOAL_P99_MS,
      naive_polling_every_5_min: {
        computed: true,
        wait_ms: pollingWait(NAIVE_POLL_MS),
        note: `computed, not measured: a poller every ${NAIVE_POLL_MS} ms instead of detection on ingest; an event arriving at a random moment waits uniformly over one period for the poll, then the poll's own work and the send (latency_ms above is the whole event-driven path)`,
      },
    };
  } finally {
    await s.stop();
  }
}
