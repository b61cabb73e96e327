// Soak: ONE real orderwatch process of role `all` (`node --import tsx src/main.ts`, Redis queues, the
// machine's Postgres), wired to the WeCom and DingTalk emulators, which run in this (the bench) process,
// driven at RATE items a second — new orders and their events — for SOAK_SECONDS (default 600), after a
// ramp: new orders arrive at a steady rate from the start and the total reaches RATE once their events
// come due (a minute or so; not counted in SOAK_SECONDS).
//
// The traffic is the demo feed's realistic mix (src/demo: six channels, ordinary orders flowing paid →
// delivered, one in four carrying one of the sixteen kinds of trouble), with two changes for a soak: every
// troubled order also gets the follow-up that clears its alert (the parcel moves on, the refund request
// is withdrawn, ops cancel the stuck or suspect order), so alerts open AND resolve and cards flow both ways;
// and the feed's stage gaps (20–60 s) are compressed COMPRESS (6) times, so an order's life takes a minute or
// so and the mix is steady well before the second half. Orders are spread over TEAMS warehouses, one team
// (WeCom group robot; every 20th team also a DingTalk group) each, as in the card-latency bench.
//
// Every SAMPLE seconds: the child's VmRSS and VmHWM (/proc/<pid>/status; peak RSS = VmHWM), its CPU use,
// BullMQ waiting/active/delayed of every queue of its QUEUE_NAMESPACE, deliveries pending in Postgres,
// open alerts, items sent and the cards the emulators accepted. Then a least-squares line over the second
// half of the load (RSS in MB/min, queue depth in items/min), a drain, SIGTERM. Writes bench/soak.json
// (the series) and bench/soak.svg (the plot) and returns the summary for bench/results.json.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARD_PARAM_KEYS } from '../../bots/dingtalk/payloads.js';
import { startDingtalkEmulator } from '../../bots/sandbox/dingtalk/index.js';
import { startWecomEmulator } from '../../bots/sandbox/wecom/index.js';
import { createQueueKit, JOB_NAMES, type JobName } from '../../jobs/queues.js';
import { ANOMALY_KINDS, anomaly, type AnomalyKind } from '../../src/demo/anomalies.js';
import { normalOrder } from '../../src/demo/flows.js';
import { iso, OrderMaker, SECOND, type Body, type Planned } from '../../src/demo/orders.js';
import { Dice, seededRandom } from '../../src/demo/random.js';
import { createTestDatabase } from '../helpers/database.js';
import { CARD_TEMPLATE_ID, yamlOf, type PersonSpec, type TeamSpec } from '../helpers/delivery-stack.js';
import { REDIS_URL } from '../helpers/env.js';
import { renderSoakSvg, type Line } from './soak-plot.js';
import { writeFormatted } from './write-formatted.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 200);
const SAMPLE_MS = Number(process.env.BENCH_SOAK_SAMPLE_SECONDS ?? (SECONDS < 120 ? 2 : 5)) * 1000;
const TEAMS = Number(process.env.BENCH_SOAK_TEAMS ?? 200);
const ANOMALY_SHARE = Number(process.env.BENCH_SOAK_ANOMALY_SHARE ?? 0.25);
const COMPRESS = Number(process.env.BENCH_SOAK_COMPRESS ?? 6);
const SEED = Number(process.env.BENCH_SOAK_SEED ?? 20261122);
const TICK_MS = 100;
const MAX_IN_FLIGHT = 64;
const DRAIN_TIMEOUT_MS = 60_000;
/** The ramp ends when the last RAMP_WINDOW_TICKS ticks sent RAMP_LEVEL × RATE, or after RAMP_MAX_MS. */
const RAMP_MAX_MS = 180_000;
const RAMP_WINDOW_TICKS = 50;
const RAMP_LEVEL = 0.95;
const START_TIMEOUT_MS = 60_000;
const GOAL_PEAK_RSS_MB = 300;
/** A fitted slope counts as growth only above these (and only when its 95 % interval is above them too). */
const TOLERANCE = { rss_mb_per_min: 0.5, backlog_per_min: 2 };
const TOKEN = 'soak-token-0123456789abcdef';
const ROOT = new URL('../../', import.meta.url);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

// ---- traffic -----------------------------------------------------------------------------------------

/** The event that clears each kind of trouble; kinds whose normal path ends the alert get none. */
function addResolution(kind: AnomalyKind, m: OrderMaker, p: Planned, now: number): void {
  const last = Math.max(now, ...p.steps.map((s) => s.dueAt));
  const t = last + m.d.int(60, 240) * SECOND;
  switch (kind) {
    case 'logistics_exception':
    case 'logistics_no_update':
      m.path(p, t, ['in_transit', 'out_for_delivery', 'delivered']);
      return;
    case 'logistics_no_pickup':
      m.path(p, t, ['collected', 'in_transit', 'out_for_delivery', 'delivered']);
      return;
    case 'refund_approval':
    case 'refund_approval_large':
    case 'suspect_early_refund': {
      const asked = p.steps.find((s) => s.body.type === 'refund_requested');
      const refundId = (asked?.body.data as { refundId?: string } | undefined)?.refundId;
      if (refundId)
        p.steps.push({
          dueAt: t,
          body: {
            channel: p.channel,
            externalId: p.externalId,
            type: 'refund_cancelled',
            at: '',
            data: { refundId },
          },
        });
      return;
    }
    case 'logistics_remote_region':
    case 'remark_urgent':
      return; // their path runs on to delivered
    default:
      m.event(p, 'cancelled', t); // stuck and suspect orders: ops cancel them
  }
}

export class Traffic {
  private readonly dice = new Dice(seededRandom(SEED));
  private readonly maker = new OrderMaker(this.dice);
  private deck: AnomalyKind[] = [];
  private serial = 0;
  private items = 0;
  /** Scheduled event bodies by due tick; `ready` holds the due ones not sent yet, oldest first. */
  private readonly buckets = new Map<number, Body[]>();
  private drained = Math.floor(Date.now() / TICK_MS);
  private ready: Body[] = [];
  private head = 0;
  readonly kinds: Record<string, number> = {};

  /** The next new order(s): ordinary, or one kind of trouble (some kinds are several orders). */
  next(now: number): Planned[] {
    const d = this.dice;
    let kind: AnomalyKind | null = null;
    if (d.chance(ANOMALY_SHARE)) {
      if (this.deck.length === 0) this.deck = d.shuffle([...ANOMALY_KINDS]);
      kind = this.deck.pop()!;
    }
    const plans = kind ? anomaly(kind, this.maker, now) : [normalOrder(this.maker, now)];
    this.kinds[kind ?? 'normal'] = (this.kinds[kind ?? 'normal'] ?? 0) + 1;
    for (const p of plans) {
      if (kind) addResolution(kind, this.maker, p, now);
      p.order.warehouse = `wh-${1 + (this.serial++ % TEAMS)}`;
      this.items += 1 + p.steps.length;
      for (const s of p.steps) {
        if (s.dueAt > now) s.dueAt = now + Math.round((s.dueAt - now) / COMPRESS);
        s.body.at = iso(s.dueAt, p.channel);
      }
    }
    return plans;
  }

  /** After its order is stored: the order's events wait for their time. */
  schedule(p: Planned): void {
    for (const s of p.steps) {
      const tick = Math.floor(s.dueAt / TICK_MS);
      if (tick < this.drained) this.ready.push(s.body);
      else {
        const b = this.buckets.get(tick);
        if (b) b.push(s.body);
        else this.buckets.set(tick, [s.body]);
      }
    }
  }

  /** Up to `n` due events, oldest first. */
  take(now: number, n: number): Body[] {
    const tick = Math.floor(now / TICK_MS);
    for (; this.drained <= tick; this.drained++) {
      const b = this.buckets.get(this.drained);
      if (b) this.ready.push(...b);
      this.buckets.delete(this.drained);
    }
    const out = this.ready.slice(this.head, this.head + n);
    this.head += out.length;
    if (this.head > 4096) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Orders plus their events, per order, so far (a guess before the first). */
  get itemsPerOrder(): number {
    return this.serial ? this.items / this.serial : 6;
  }

  get due(): number {
    return this.ready.length - this.head;
  }

  get scheduled(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.length;
    return n;
  }
}

/**
 * What one tick sends. Items: RATE a second, due events first, the unused budget kept for at most five
 * ticks (a quiet spell never turns into a burst). New orders: a steady arrival of RATE / (items per order
 * so far), owed for up to a second when due events take the budget, so that once the first orders'
 * events come due (a minute or so) the total is RATE, with no echo of a start-up burst.
 */
export class Pacer {
  private owed = 0;
  private ordersOwed = 0;
  private readonly perTick = (RATE * TICK_MS) / 1000;

  constructor(private readonly traffic: Traffic) {}

  tick(now: number): { events: Body[]; plans: Planned[] } {
    const perOrder = this.traffic.itemsPerOrder;
    this.owed = Math.min(this.owed + this.perTick, 5 * this.perTick);
    this.ordersOwed = Math.min(this.ordersOwed + this.perTick / perOrder, (10 * this.perTick) / perOrder);
    const events = this.traffic.take(now, Math.floor(this.owed));
    this.owed -= events.length;
    const plans: Planned[] = [];
    while (this.owed >= 1 && this.ordersOwed >= 1) {
      const more = this.traffic.next(now);
      plans.push(...more);
      this.owed -= more.length;
      this.ordersOwed -= more.length;
    }
    return { events, plans };
  }
}

// ---- measuring -----------------------------------------------------------------------------------------

interface ProcStat {
  rssKb: number;
  hwmKb: number;
  cpuTicks: number;
}

async function procStat(pid: number): Promise<ProcStat | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count after ')'.
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** Least squares y = a + b·x with the slope's standard error. */
export function fit(xs: readonly number[], ys: readonly number[]): Line & { se: number; n: number } {
  const n = xs.length;
  if (n < 3) return { slope: NaN, intercept: NaN, se: NaN, n };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - intercept - slope * xs[i]!) ** 2;
  const se = sxx === 0 ? 0 : Math.sqrt(sse / (n - 2) / sxx);
  return { slope, intercept, se, n };
}

/** Per-minute slope, its 95 % interval, and what it says against the tolerance. */
function trend(xs: number[], ys: number[], tolPerMin: number) {
  const f = fit(xs, ys);
  const perMin = f.slope * 60;
  const half = 1.96 * f.se * 60;
  const verdict = !Number.isFinite(perMin)
    ? 'too few samples'
    : perMin - half > tolPerMin
      ? 'growth'
      : perMin + half <= tolPerMin
        ? 'no growth trend'
        : 'inconclusive';
  return {
    per_min: round(perMin, 3),
    ci95_per_min: [round(perMin - half, 3), round(perMin + half, 3)],
    tolerance_per_min: tolPerMin,
    verdict,
    samples: f.n,
    line: { slope: f.slope, intercept: f.intercept },
  };
}

interface Sample {
  t_s: number;
  phase: 'ramp' | 'load' | 'drain';
  rss_mb: number;
  hwm_mb: number;
  cpu_pct: number;
  queue_depth: number;
  backlog: number;
  escalation_timers: number;
  pending_deliveries: number;
  queues: Record<string, { waiting: number; active: number; delayed: number; failed: number }>;
  deliveries: Record<string, number>;
  open_alerts: number;
  resolved_alerts: number;
  items_sent: number;
  orders_sent: number;
  events_sent: number;
  http_errors: number;
  item_errors: number;
  cards_received: { wecom_group: number; dingtalk_card_calls: number };
  generator_due: number;
  sampler_ms: number;
}

// ---- the run -------------------------------------------------------------------------------------------

export async function benchSoak(): Promise<Record<string, unknown>> {
  const db = await createTestDatabase({ migrate: false });
  const namespace = `ow-soak-${randomBytes(4).toString('hex')}`;
  const kit = createQueueKit({ kind: 'redis', url: REDIS_URL, namespace });
  // One on-duty person per team (a person's WeCom app chat has a budget of its own, 30 a minute), and a
  // supervisor and an admin over all of them.
  const people: PersonSpec[] = [
    ...Array.from({ length: TEAMS }, (_, i) => ({
      id: `p${i + 1}`,
      name: `值班${i + 1}`,
      wecom: `duty${i + 1}`,
      dingtalk: `ding-duty${i + 1}`,
    })),
    { id: 'wangwu', name: '王五', wecom: 'wangwu', dingtalk: 'ding-wangwu', roles: ['supervisor'] },
    { id: 'zhaoliu', name: '赵六', wecom: 'zhaoliu', dingtalk: 'ding-zhaoliu', roles: ['admin'] },
  ];
  const teams: TeamSpec[] = Array.from({ length: TEAMS }, (_, i) => ({
    id: `t${i + 1}`,
    warehouse: `wh-${i + 1}`,
    webhookKey: `soak-key-${i + 1}`,
    ...(i % 20 === 0 ? { conversationId: `cidsoak${i + 1}` } : {}),
    onDuty: [`p${i + 1}`],
  }));
  const secret = () => randomBytes(12).toString('hex');
  const corp = { corpId: 'wwsoak0001', corpSecret: secret(), agentId: 1000002 };
  const wecom = await startWecomEmulator({
    ...corp,
    users: people.map((p) => p.wecom),
    webhookKeys: Object.fromEntries(teams.map((t) => [t.webhookKey!, `${t.id} 群`])),
  });
  const app = { clientId: 'dingsoak0001', clientSecret: secret() };
  const dingtalk = await startDingtalkEmulator({
    ...app,
    templates: { [CARD_TEMPLATE_ID]: { paramKeys: [...CARD_PARAM_KEYS] } },
    conversations: Object.fromEntries(
      teams
        .filter((t) => t.conversationId)
        .map((t) => [
          t.conversationId!,
          { title: `${t.id} 群`, members: [`ding-duty${t.id.slice(1)}`, 'ding-wangwu', 'ding-zhaoliu'] },
        ]),
    ),
  });
  const dir = await mkdtemp(join(tmpdir(), 'ow-soak-'));
  await writeFile(join(dir, 'orderwatch.yaml'), yamlOf(people, teams));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_BACKEND: 'redis',
    QUEUE_NAMESPACE: namespace,
    HOST: '127.0.0.1',
    PORT: '0',
    API_TOKEN: TOKEN,
    SANDBOX: 'off',
    LOG_LEVEL: 'info',
    DAILY_REPORT: 'off',
    ORDERWATCH_CONFIG: join(dir, 'orderwatch.yaml'),
    ORDERWATCH_DATA_DIR: join(dir, 'data'),
    WECOM_CORP_ID: corp.corpId,
    WECOM_AGENT_ID: String(corp.agentId),
    WECOM_SECRET: corp.corpSecret,
    WECOM_API_BASE: wecom.url,
    DINGTALK_CLIENT_ID: app.clientId,
    DINGTALK_CLIENT_SECRET: app.clientSecret,
    DINGTALK_CARD_TEMPLATE_ID: CARD_TEMPLATE_ID,
    DINGTALK_API_BASE: dingtalk.url,
    DINGTALK_OAPI_BASE: dingtalk.url,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role=all'], {
    cwd: ROOT.pathname,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // Keep the tail of its output (for errors) and count its warnings and errors (pino levels 40 and 50+)
  // by message, with the first stack frames of each.
  let tail = '';
  let partial = '';
  const logs = { lines: 0, warn: 0, error: 0 };
  const problems = new Map<string, { level: number; count: number; where: string }>();
  const onOutput = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      logs.lines++;
      let entry: {
        level?: number;
        msg?: string;
        err?: { message?: string; stack?: string };
        result?: string;
        error?: string;
      } = {};
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue;
      }
      const level = entry.level ?? 0;
      if (level < 40) continue;
      if (level >= 50) logs.error++;
      else logs.warn++;
      const detail = [entry.result, entry.err?.message ?? entry.error].filter(Boolean).join(': ');
      const key = `${entry.msg ?? ''}${detail ? ` (${detail})` : ''}`.slice(0, 300);
      const seen = problems.get(key);
      if (seen) seen.count++;
      else {
        const frames = (entry.err?.stack ?? '')
          .split('\n')
          .filter((l) => l.includes('/src/') || l.includes('/jobs/'));
        const where = frames
          .slice(0, 3)
          .map((l) => l.trim().replace(ROOT.pathname, ''))
          .join(' ← ');
        problems.set(key, { level, count: 1, where });
      }
    }
    tail = (tail + chunk.toString('utf8')).slice(-16_384);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  let stopped: { exit_code: number | null; signal: string | null; stop_ms: number } | null = null;
  const stopChild = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const t0 = Date.now();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code, signal] = await exited;
    clearTimeout(killer);
    stopped = { exit_code: code, signal, stop_ms: Date.now() - t0 };
  };

  try {
    const startedAt = Date.now();
    let url: string | null = null;
    while (!url) {
      url = /listening on (http:\/\/[^\s"]+)/.exec(tail)?.[1] ?? null;
      if (child.exitCode !== null) throw new Error(`orderwatch exited at start-up:\n${tail}`);
      if (Date.now() - startedAt > START_TIMEOUT_MS) throw new Error(`orderwatch did not start:\n${tail}`);
      if (!url) await sleep(50);
    }
    const startupMs = Date.now() - startedAt;
    const pid = child.pid!;
    const atStart = await procStat(pid);
    console.error(
      `  orderwatch pid ${pid} listening on ${url} after ${startupMs} ms; ramp, then ${RATE} items/s for ${SECONDS} s`,
    );

    // ---- load ----
    const traffic = new Traffic();
    const counts = { orders: 0, events: 0, httpErrors: 0, itemErrors: 0, lostSteps: 0, blocked: 0 };
    const firstItemErrors: unknown[] = [];
    const inFlight = new Set<Promise<void>>();
    const post = async (path: string, body: unknown): Promise<{ ok: boolean }[] | null> => {
      try {
        const res = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as { results?: { ok: boolean }[] };
        if (res.status !== 200 || !json.results) {
          counts.httpErrors++;
          return null;
        }
        const bad = json.results.filter((r) => !r.ok);
        counts.itemErrors += bad.length;
        if (bad.length && firstItemErrors.length < 5) firstItemErrors.push(bad[0]);
        return json.results;
      } catch {
        counts.httpErrors++;
        return null;
      }
    };
    const track = (p: Promise<unknown>) => {
      const q: Promise<void> = p.then(() => void inFlight.delete(q));
      inFlight.add(q);
    };
    // The ramp (new orders arriving, their events not due yet), then SECONDS at the full rate.
    const rampStart = Date.now();
    let loadStart: number | null = null;
    let loadEnd = Infinity;
    let itemsAtLoadStart = 0;
    let rampReachedRate = false;
    let sending = true;
    const sender = (async () => {
      const pacer = new Pacer(traffic);
      const perTick = (RATE * TICK_MS) / 1000;
      const recent: number[] = [];
      for (let k = 0; ; k++) {
        const due = rampStart + k * TICK_MS;
        if (due >= loadEnd) break;
        if (due > Date.now()) await sleep(due - Date.now());
        while (inFlight.size >= MAX_IN_FLIGHT) {
          counts.blocked++;
          await Promise.race(inFlight);
        }
        const now = Date.now();
        const { events, plans } = pacer.tick(now);
        if (events.length) {
          counts.events += events.length;
          track(post('/api/v1/events', { events }));
        }
        recent.push(events.length + plans.length);
        if (recent.length > RAMP_WINDOW_TICKS) recent.shift();
        if (loadStart === null) {
          const sent = recent.reduce((a, b) => a + b, 0);
          rampReachedRate = sent >= RAMP_LEVEL * perTick * RAMP_WINDOW_TICKS;
          if (rampReachedRate || now - rampStart >= RAMP_MAX_MS) {
            loadStart = now;
            loadEnd = now + SECONDS * 1000;
            itemsAtLoadStart = counts.orders + counts.events + events.length + plans.length;
          }
        }
        if (plans.length) {
          counts.orders += plans.length;
          track(
            post('/api/v1/orders', { orders: plans.map((p) => p.order) }).then((results) => {
              plans.forEach((p, i) => {
                if (results?.[i]?.ok) traffic.schedule(p);
                else counts.lostSteps += p.steps.length;
              });
            }),
          );
        }
      }
      await Promise.all(inFlight);
      sending = false;
    })();

    // ---- sampling ----
    const samples: Sample[] = [];
    let lastCpu = { ticks: atStart?.cpuTicks ?? 0, at: Date.now() };
    const sample = async (phase: Sample['phase']): Promise<Sample | null> => {
      const s0 = performance.now();
      const proc = await procStat(pid);
      if (!proc) return null;
      const queues: Sample['queues'] = {};
      for (const name of JOB_NAMES) {
        const c = await kit.counts(name as JobName);
        queues[name] = {
          waiting: c.waiting ?? 0,
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
        };
      }
      const d = await db.pool.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM deliveries GROUP BY status ORDER BY status`,
      );
      const deliveries = Object.fromEntries(d.rows.map((r) => [r.status, r.n]));
      const a = await db.pool.query<{ open: number; resolved: number }>(
        `SELECT count(*) FILTER (WHERE state <> 'resolved')::int AS open,
                count(*) FILTER (WHERE state = 'resolved')::int AS resolved FROM alerts`,
      );
      const pending = (deliveries.pending ?? 0) + (deliveries.sending ?? 0);
      const all = Object.values(queues).reduce((n, q) => n + q.waiting + q.active + q.delayed, 0);
      // Work waiting to be done: every waiting or active job, detect retries, pending deliveries. Not in it:
      // escalation timers (delayed escalate jobs, one per open level, due up to 30 min on) and the repeat
      // schedulers' next runs (one delayed sweep and notify job each).
      const backlog =
        Object.values(queues).reduce((n, q) => n + q.waiting + q.active, 0) +
        queues.detect!.delayed +
        pending;
      const now = Date.now();
      const cpuPct = ((proc.cpuTicks - lastCpu.ticks) / USER_HZ / ((now - lastCpu.at) / 1000)) * 100;
      lastCpu = { ticks: proc.cpuTicks, at: now };
      const s: Sample = {
        t_s: round((now - rampStart) / 1000),
        phase,
        rss_mb: round(proc.rssKb / 1024),
        hwm_mb: round(proc.hwmKb / 1024),
        cpu_pct: round(cpuPct),
        queue_depth: all + pending,
        backlog,
        escalation_timers: queues.escalate!.delayed,
        pending_deliveries: pending,
        queues,
        deliveries,
        open_alerts: a.rows[0]!.open,
        resolved_alerts: a.rows[0]!.resolved,
        items_sent: counts.orders + counts.events,
        orders_sent: counts.orders,
        events_sent: counts.events,
        http_errors: counts.httpErrors,
        item_errors: counts.itemErrors,
        cards_received: {
          wecom_group: wecom.groupMessages().length,
          dingtalk_card_calls: dingtalk.requests('/v1.0/card/instances').filter((r) => r.status === 200)
            .length,
        },
        generator_due: traffic.due,
        sampler_ms: 0,
      };
      s.sampler_ms = Math.round(performance.now() - s0);
      samples.push(s);
      return s;
    };
    for (let k = 1; sending; k++) {
      const due = rampStart + k * SAMPLE_MS;
      while (sending && Date.now() < due) await sleep(Math.min(200, due - Date.now()));
      if (!sending) break;
      const s = await sample(loadStart === null ? 'ramp' : 'load');
      if (s && k % Math.max(1, Math.round(60_000 / SAMPLE_MS)) === 0)
        console.error(
          `  t=${s.t_s}s rss=${s.rss_mb}MB hwm=${s.hwm_mb}MB backlog=${s.backlog} queued=${s.queue_depth} sent=${s.items_sent} cards=${s.cards_received.wecom_group}`,
        );
    }
    await sender;
    const loadStartS = round((loadStart! - rampStart) / 1000);
    const sendSeconds = (Date.now() - loadStart!) / 1000;
    const sendEndS = round((Date.now() - rampStart) / 1000);
    // ---- drain: until nothing is waiting (the timers stay) ----
    const drainStart = Date.now();
    let drainedMs: number | null = null;
    let last = await sample('drain');
    while (Date.now() - drainStart < DRAIN_TIMEOUT_MS) {
      if (last && last.backlog === 0) {
        drainedMs = Date.now() - drainStart;
        break;
      }
      await sleep(Math.min(SAMPLE_MS, 2000));
      last = await sample('drain');
    }
    const atEnd = await procStat(pid);
    await stopChild();

    // ---- figures ----
    const load = samples.filter((s) => s.phase === 'load');
    const window = load.filter((s) => s.t_s >= loadStartS + SECONDS / 2);
    const xs = window.map((s) => s.t_s);
    const rssTrend = trend(
      xs,
      window.map((s) => s.rss_mb),
      TOLERANCE.rss_mb_per_min,
    );
    const backlogTrend = trend(
      xs,
      window.map((s) => s.backlog),
      TOLERANCE.backlog_per_min,
    );
    const depthTrend = trend(
      xs,
      window.map((s) => s.queue_depth),
      TOLERANCE.backlog_per_min,
    );
    const timersTrend = trend(
      xs,
      window.map((s) => s.escalation_timers),
      TOLERANCE.backlog_per_min,
    );
    const peakMb = round((atEnd?.hwmKb ?? NaN) / 1024);
    const final = samples[samples.length - 1];
    const cardsReceived = final?.cards_received ?? { wecom_group: 0, dingtalk_card_calls: 0 };
    const rssValues = load.map((s) => s.rss_mb).sort((a, b) => a - b);
    const noGrowth =
      rssTrend.verdict === 'no growth trend' &&
      backlogTrend.verdict === 'no growth trend' &&
      drainedMs !== null;
    const summary = {
      what: `one orderwatch process, role all (node --import tsx src/main.ts), ${RATE} items/s (new orders + their events, the demo feed's mix) for ${SECONDS} s; WeCom and DingTalk emulators in the bench process; BullMQ on Redis 127.0.0.1, Postgres 127.0.0.1`,
      seconds: SECONDS,
      sample_every_s: SAMPLE_MS / 1000,
      rate: {
        target_items_per_s: RATE,
        achieved_items_per_s: round((counts.orders + counts.events - itemsAtLoadStart) / sendSeconds),
        second_half_items_per_s:
          window.length > 1
            ? round(
                (window[window.length - 1]!.items_sent - window[0]!.items_sent) /
                  (window[window.length - 1]!.t_s - window[0]!.t_s),
              )
            : null,
        ramp: {
          seconds: loadStartS,
          reached_rate: rampReachedRate,
          items: itemsAtLoadStart,
          is: `new orders arrive at a steady rate from the start; the load phase (SOAK_SECONDS) begins once ${RAMP_WINDOW_TICKS * TICK_MS} ms of sending reach ${RAMP_LEVEL * 100} % of the rate (at most ${RAMP_MAX_MS / 1000} s)`,
        },
        orders: counts.orders,
        events: counts.events,
        orders_by_kind: traffic.kinds,
        http_errors: counts.httpErrors,
        item_errors: counts.itemErrors,
        first_item_errors: firstItemErrors,
        events_never_sent_order_refused: counts.lostSteps,
        events_due_but_unsent_at_end: traffic.due,
        events_scheduled_after_end: traffic.scheduled,
        waits_for_in_flight_cap: counts.blocked,
      },
      startup_ms: startupMs,
      rss_mb: {
        at_start: round((atStart?.rssKb ?? NaN) / 1024),
        at_end: round((atEnd?.rssKb ?? NaN) / 1024),
        load_p50: pct(rssValues, 0.5),
        load_max_sampled: rssValues[rssValues.length - 1] ?? NaN,
      },
      peak_rss_mb: peakMb,
      peak_rss_is:
        'VmHWM of the child at the end of the run (before SIGTERM): the peak resident set since it started',
      goal: { peak_rss_mb: GOAL_PEAK_RSS_MB, growth: 'no growth trend over the second half' },
      meets_goal: { peak_rss: peakMb <= GOAL_PEAK_RSS_MB, no_growth_trend: noGrowth },
      trend_window_s: [xs[0] ?? null, xs[xs.length - 1] ?? null],
      trend: {
        rss_mb: omitLine(rssTrend),
        backlog: omitLine(backlogTrend),
        queue_depth: omitLine(depthTrend),
        escalation_timers: omitLine(timersTrend),
        how: 'least squares over the load samples of the second half; growth when the 95 % interval of the slope lies above the tolerance, no growth trend when it lies at or below it, otherwise inconclusive',
      },
      queue_depth_is:
        'BullMQ waiting + delayed + active over the namespace (detect, sweep, notify, escalate) + deliveries pending or sending in Postgres',
      backlog_is:
        'the same without the delayed escalate jobs (escalation timers, due 30 min after an alert opens, inert once it resolves — they grow until the first level falls due, by design) and the repeat schedulers’ next runs: waiting + active of every queue, detect retries, pending deliveries',
      queue_depth: {
        max: Math.max(0, ...load.map((s) => s.queue_depth)),
        backlog_max: Math.max(0, ...load.map((s) => s.backlog)),
        backlog_p50: pct(
          load.map((s) => s.backlog).sort((a, b) => a - b),
          0.5,
        ),
        escalation_timers_at_end: final?.escalation_timers ?? null,
      },
      drained_after_load_ms: drainedMs ?? `backlog not empty ${DRAIN_TIMEOUT_MS} ms after the load`,
      alerts: { open_at_end: final?.open_alerts ?? null, resolved_at_end: final?.resolved_alerts ?? null },
      open_alerts_by_rule_at_end: Object.fromEntries(
        (
          await db.pool.query<{ rule: string; n: number }>(
            `SELECT rule, count(*)::int AS n FROM alerts WHERE state <> 'resolved' GROUP BY rule ORDER BY rule`,
          )
        ).rows.map((r) => [r.rule, r.n]),
      ),
      cards_received: cardsReceived,
      deliveries_at_end: final?.deliveries ?? {},
      deliveries_waiting_at_end: (
        await db.pool.query<{ channel: string; kind: string; status: string; n: number; due_now: number }>(
          `SELECT channel, kind, status, count(*)::int AS n, count(*) FILTER (WHERE next_attempt_at <= now())::int AS due_now
           FROM deliveries WHERE status IN ('pending', 'sending') GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        )
      ).rows,
      child: {
        logs: {
          ...logs,
          problems: [...problems]
            .map(([message, p]) => ({ message, ...p }))
            .sort((a, b) => b.count - a.count),
        },
        stop: stopped,
        cpu_pct_load_p50: pct(
          load.map((s) => s.cpu_pct).sort((a, b) => a - b),
          0.5,
        ),
      },
      sampler_ms_max: Math.max(0, ...samples.map((s) => s.sampler_ms)),
      setup: {
        teams: TEAMS,
        dingtalk_groups: teams.filter((t) => t.conversationId).length,
        anomaly_share: ANOMALY_SHARE,
        stage_gaps_compressed: COMPRESS,
        seed: SEED,
        env: 'production defaults but SANDBOX=off, DAILY_REPORT=off, LOG_LEVEL=info (stdout read and counted here)',
      },
      series: 'bench/soak.json',
      plot: 'bench/soak.svg',
    };
    const title = `Soak: one all-role orderwatch process, ${RATE} items/s for ${SECONDS} s (${summary.rate.achieved_items_per_s} achieved)`;
    const subtitle = `peak RSS ${peakMb} MB (goal ≤ ${GOAL_PEAK_RSS_MB}); second half: RSS ${round(rssTrend.per_min, 2)} MB/min (${rssTrend.verdict}), backlog ${round(backlogTrend.per_min, 2)}/min (${backlogTrend.verdict})`;
    const plot = renderSoakSvg(
      samples.map((s) => ({
        t_s: s.t_s,
        rss_mb: s.rss_mb,
        hwm_mb: s.hwm_mb,
        queue_depth: s.queue_depth,
        backlog: s.backlog,
      })),
      {
        title,
        subtitle,
        rampEndS: loadStartS,
        sendEndS,
        trendFromS: xs[0] ?? loadStartS + SECONDS / 2,
        goalRssMb: GOAL_PEAK_RSS_MB,
        rssTrend: Number.isFinite(rssTrend.line.slope) ? rssTrend.line : null,
        backlogTrend: Number.isFinite(backlogTrend.line.slope) ? backlogTrend.line : null,
      },
    );
    await writeFile(new URL('bench/soak.svg', ROOT), plot);
    await writeFormatted(
      new URL('bench/soak.json', ROOT),
      `{"measured_at":${JSON.stringify(new Date().toISOString())},"summary":${JSON.stringify(summary)},"samples":[\n${samples.map((s) => JSON.stringify(s)).join(',\n')}\n]}\n`,
    );
    return summary;
  } finally {
    await stopChild().catch(() => {});
    await kit.obliterate().catch(() => {});
    await kit.close();
    await Promise.allSettled([wecom.close(), dingtalk.close()]);
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

function omitLine<T extends { line: unknown }>(t: T): Omit<T, 'line'> {
  const { line: _line, ...rest } = t;
  return rest;
}
