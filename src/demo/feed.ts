// The demo feed (issue 7 item 2): synthetic multi-channel traffic through the real ingest service, so a team
// sees every kind of card within minutes of `npm start` with no shop connected. Orders arrive at
// `ratePerMinute`; about one in four carries trouble, dealt from a shuffled deck that holds every anomaly
// kind (some twice), so each kind shows up within the first few minutes and then keeps recurring.
import type { IngestService } from '../ingest/ingest-service.js';
import type { BatchResult } from '../ingest/results.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { ANOMALY_KINDS, anomaly, stalledUnpicked, type AnomalyKind } from './anomalies.js';
import { normalOrder } from './flows.js';
import { OrderMaker, SECOND, type Body, type Planned, type Step } from './orders.js';
import { Dice, seededRandom, type RandomSource } from './random.js';

export interface DemoFeedDeps {
  ingest: Pick<IngestService, 'ingestOrders' | 'ingestEvents'>;
  clock: Clock;
  /** Seed it (seededRandom) for repeatable traffic; defaults to a seed from the wall clock. */
  random?: RandomSource;
  log: Pick<Logger, 'info' | 'warn'>;
  /** New orders per minute (default 30). */
  ratePerMinute?: number;
  /** How often start() ticks, in ms (default 2000). */
  tickMs?: number;
  /** Share of new orders that carry an anomaly (default 0.25). */
  anomalyShare?: number;
}

export interface TickOutcome {
  orders: number;
  events: number;
  failed: number;
}

export interface DemoFeed {
  start(): void;
  stop(): void;
  /** One step: place the orders owed since the last tick and send every event now due. */
  tick(): Promise<TickOutcome>;
  /** A storm of orders stuck unpicked in one warehouse (to show digest cards); returns how many stored. */
  burst(opts?: { count?: number; warehouse?: string }): Promise<{ injected: number }>;
  readonly running: boolean;
}

/** Kinds that also make the deck a second time: the common troubles of a real shop. */
const COMMON: readonly AnomalyKind[] = [
  'stuck_unpicked',
  'logistics_exception',
  'logistics_remote_region',
  'refund_approval',
  'refund_approval_large',
  'remark_urgent',
];
const MAX_CATCH_UP = 60 * SECOND;
const BATCH = 1000;

export function createDemoFeed(deps: DemoFeedDeps): DemoFeed {
  const dice = new Dice(deps.random ?? seededRandom(Date.now()));
  const maker = new OrderMaker(dice);
  const rate = deps.ratePerMinute ?? 30;
  const tickMs = deps.tickMs ?? 2000;
  const share = deps.anomalyShare ?? 0.25;
  let pending: Step[] = [];
  let deck: AnomalyKind[] = [];
  let owed = 0;
  let lastTick: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let busy = false;

  const nextKind = (): AnomalyKind => {
    if (deck.length === 0) deck = dice.shuffle([...ANOMALY_KINDS, ...COMMON]);
    return deck.pop()!;
  };

  const send = async (key: 'orders' | 'events', bodies: Body[]): Promise<number> => {
    let failed = 0;
    for (let i = 0; i < bodies.length; i += BATCH) {
      const chunk = bodies.slice(i, i + BATCH);
      const result: BatchResult =
        key === 'orders'
          ? await deps.ingest.ingestOrders({ orders: chunk })
          : await deps.ingest.ingestEvents({ events: chunk });
      const bad = result.results.filter((r) => !r.ok);
      failed += bad.length;
      if (bad.length) deps.log.warn({ demo: key, failed: bad.slice(0, 3) }, 'demo feed: items refused');
    }
    return failed;
  };

  /** Stores the orders, queues their events and sends every event due by `now`. */
  const deliver = async (planned: Planned[], now: number): Promise<TickOutcome> => {
    const orders = planned.map((p) => p.order);
    let failed = orders.length ? await send('orders', orders) : 0;
    pending.push(...planned.flatMap((p) => p.steps));
    const due = pending.filter((s) => s.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    pending = pending.filter((s) => s.dueAt > now);
    if (due.length)
      failed += await send(
        'events',
        due.map((s) => s.body),
      );
    return { orders: orders.length, events: due.length, failed };
  };

  const wholeSecond = () => Math.floor(deps.clock.now().getTime() / SECOND) * SECOND;

  const tick = async (): Promise<TickOutcome> => {
    const now = wholeSecond();
    const elapsed = lastTick === null ? tickMs : Math.min(Math.max(now - lastTick, 0), MAX_CATCH_UP);
    lastTick = now;
    owed += (rate * elapsed) / 60_000;
    const planned: Planned[] = [];
    for (; owed >= 1; owed--) {
      planned.push(...(dice.chance(share) ? anomaly(nextKind(), maker, now) : [normalOrder(maker, now)]));
    }
    return deliver(planned, now);
  };

  return {
    get running() {
      return timer !== null;
    },
    start() {
      if (timer) return;
      deps.log.info({ ratePerMinute: rate }, 'demo feed started');
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        tick()
          .catch((err: unknown) => deps.log.warn({ err }, 'demo feed tick failed'))
          .finally(() => (busy = false));
      }, tickMs);
      timer.unref();
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = null;
      deps.log.info({}, 'demo feed stopped');
    },
    tick,
    async burst(opts = {}) {
      const count = opts.count ?? 60;
      const now = wholeSecond();
      const planned = Array.from({ length: count }, () =>
        stalledUnpicked(maker, now, opts.warehouse ?? 'hz-1'),
      );
      const failed = await send(
        'orders',
        planned.flat().map((p) => p.order),
      );
      deps.log.info({ count, warehouse: opts.warehouse ?? 'hz-1' }, 'demo feed: burst injected');
      return { injected: count - failed };
    },
  };
}
