// The notify pipeline (DESIGN.md §6, Alertmanager's model) over the delivery outbox:
// plan (unplanned alert revisions → one delivery per target) → per target, under its lock: mute and
// dedup (settle), budget/digest (decide) and lease → render and send with retry → record.
// No network call happens inside a transaction; a crash mid-send leaves a lease that runs out, and the
// resend carries the same idempotency key, which the platforms recognise.
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Claimed, DeliveryStore, DueDelivery } from '../store/delivery-store.js';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { capacityOf, decide, DEFAULT_POLICY, type BudgetPolicy } from './budget-policy.js';
import type { CardModel } from './card-model.js';
import { foldDigest } from './digest.js';
import { deliverOne, type CardRendering } from './deliver-one.js';
import { UPDATABLE_CHANNELS, type ChannelKind, type Notifier, type PlatformRef } from './notifier.js';
import type { Target, TargetResolver } from './targets.js';

export interface DeliveryDeps {
  store: DeliveryStore;
  targets: TargetResolver;
  notifiers: readonly Notifier[];
  renderer: CardRendering;
  clock: Clock;
  log: Logger;
  policy?: BudgetPolicy;
  retry?: RetryPolicy;
  /** How long a claimed send may take before another process may try it again. */
  leaseMs?: number;
  random?: () => number;
  /** The notifiers' per-call timeout: a send is only started while its lease has room for it. */
  sendTimeoutMs?: number;
  /** Targets drained at once within a pass. */
  concurrency?: number;
  /** Told about every finished send (metrics). */
  onResult?: (e: { channel: ChannelKind; kind: 'card' | 'digest'; result: string; card?: CardModel }) => void;
}

export interface PumpOutcome {
  planned: number;
  sent: number;
  failed: number;
}

const MAX_ROUNDS_PER_TARGET = 5;

export function createDeliveryService(deps: DeliveryDeps) {
  const policy = deps.policy ?? DEFAULT_POLICY;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const leaseMs = deps.leaseMs ?? 60_000;
  const concurrency = deps.concurrency ?? 6;
  const sendTimeoutMs = deps.sendTimeoutMs ?? 10_000;
  const byChannel = new Map<ChannelKind, Notifier>();
  for (const n of deps.notifiers) for (const c of n.channels) byChannel.set(c, n);

  const drainTarget = async (target: Target, out: PumpOutcome): Promise<void> => {
    for (let round = 0; round < MAX_ROUNDS_PER_TARGET; round++) {
      const now = deps.clock.now();
      const notifier = byChannel.get(target.channel)!;
      const inPlace = (d: DueDelivery) =>
        d.kind === 'card' &&
        d.cardRef !== null &&
        (notifier.updatesInPlace?.(target.channel, d.cardRef as PlatformRef) ?? false);
      const { claimed } = await deps.store.claim({
        target: { ...target, updatable: UPDATABLE_CHANNELS.has(target.channel) },
        now,
        leaseMs,
        choose: (due, used) =>
          choose(
            due.map((d) => ({ ...d, inPlace: inPlace(d) })),
            capacityOf(target.budgets, used),
            now,
            policy,
          ),
      });
      if (claimed.length === 0) return;
      const sources = await deps.store.cardSources(
        claimed.flatMap((c) => (c.alertId ? [c.alertId] : [])),
        target.id,
      );
      // A send may take up to a few timeouts (token refresh, one retry): what could not start early enough
      // to finish within the lease goes back in line, so another process never sends it concurrently.
      const startBy = now.getTime() + leaseMs - 3 * sendTimeoutMs;
      for (const [i, c] of claimed.entries()) {
        if (deps.clock.now().getTime() > startBy) {
          await deps.store.release(
            claimed.slice(i).map((x) => x.id),
            deps.clock.now(),
          );
          return;
        }
        const result = await deliverOne({ ...deps, retry }, notifier, target, c, sources);
        if (result === 'sent') out.sent++;
        else out.failed++;
      }
    }
  };

  const pumpTargets = async (ids: Iterable<string>, out: PumpOutcome) => {
    const queue = [...new Set(ids)].flatMap((id) => deps.targets.byId(id) ?? []);
    // A few targets at a time: each holds a pooled connection per statement, and detection shares the pool.
    const worker = async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        await drainTarget(t, out).catch((err) =>
          deps.log.error({ err, target: t!.id }, 'delivery to a target failed'),
        );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };

  const pumpOnce = async (scanAll: boolean, out: PumpOutcome) => {
    const targetsFor = (team: string | null) =>
      deps.targets.resolve(team).filter((t) => byChannel.has(t.channel));
    const touched = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const planned = await deps.store.plan(targetsFor, deps.clock.now());
      out.planned += planned.alerts;
      planned.targets.forEach((t) => touched.add(t));
      if (planned.alerts < 500) break;
    }
    if (scanAll) (await deps.store.dueTargets(deps.clock.now())).forEach((t) => touched.add(t));
    await pumpTargets(touched, out);
    if (scanAll) await deps.store.prune(deps.clock.now());
  };

  // One pass at a time per process: a call during a pass asks for one more pass instead of racing it
  // (every pass plans whatever is new, so nothing is missed and the pool is not flooded).
  let running: Promise<PumpOutcome> | null = null;
  let again = false;
  let scanAgain = false;
  return {
    /** Plans what changed and delivers it; `scanAll` also retries whatever else is due (the relay). */
    pump(opts: { scanAll?: boolean } = {}): Promise<PumpOutcome> {
      if (running) {
        again = true;
        scanAgain ||= opts.scanAll === true;
        return running;
      }
      const out: PumpOutcome = { planned: 0, sent: 0, failed: 0 };
      running = (async () => {
        let scan = opts.scanAll === true;
        do {
          again = false;
          await pumpOnce(scan, out);
          scan = scanAgain;
          scanAgain = false;
        } while (again || scan);
        return out;
      })().finally(() => (running = null));
      return running;
    },
  };
}
export type DeliveryService = ReturnType<typeof createDeliveryService>;

function choose(
  due: (DueDelivery & { inPlace: boolean })[],
  capacity: number,
  now: Date,
  policy: BudgetPolicy,
) {
  const d = decide(due, capacity, now, policy);
  return {
    send: d.send,
    fold: d.fold,
    inPlace: d.send.filter((x) => x.inPlace).map((x) => x.id),
    digestPayload: d.fold.length ? foldDigest(d.fold) : undefined,
  };
}

export type { Claimed };
