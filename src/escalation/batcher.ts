// The worker's micro-batcher (DESIGN.md §6): timer jobs arriving within `maxWaitMs` of each other (or
// `maxBatch` of them) are applied by one `fireMany`; each job's promise resolves with its outcome once its
// batch has committed, and rejects when the batch did not commit (the job is retried; the id guard keeps
// a retry from firing twice). At most `maxInFlight` batches run at once — more jobs meanwhile wait and
// make the next batch larger. The batches' follow-ups (next timers, effects, afterChange) run after the
// jobs resolve; `drain` waits for them (graceful shutdown).
import type { FiredBatch, FireOutcome } from './fire.js';
import type { EscalationTimer } from './types.js';

export interface BatcherOptions {
  /** Timers applied together at most (default 500). */
  maxBatch?: number;
  /** How long the first timer of a batch waits for others (default 5 ms). */
  maxWaitMs?: number;
  /** Batches being applied at once (default 4). */
  maxInFlight?: number;
}

type Pending = { t: EscalationTimer; resolve: (o: FireOutcome) => void; reject: (err: unknown) => void };

export function createFireBatcher(
  fireMany: (timers: readonly EscalationTimer[]) => Promise<FiredBatch>,
  opts: BatcherOptions = {},
) {
  const maxBatch = opts.maxBatch ?? 500;
  const maxWaitMs = opts.maxWaitMs ?? 5;
  const maxInFlight = opts.maxInFlight ?? 4;
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  const running = new Set<Promise<unknown>>();

  const run = async (batch: Pending[]) => {
    try {
      const r = await fireMany(batch.map((p) => p.t));
      batch.forEach((p, i) => p.resolve(r.outcomes[i]!));
      const after = r.after.finally(() => running.delete(after));
      running.add(after);
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      inFlight--;
      if (pending.length > 0) flush();
    }
  };

  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    while (pending.length > 0 && inFlight < maxInFlight) {
      const batch = pending.slice(0, maxBatch);
      pending = pending.slice(maxBatch);
      inFlight++;
      const p = run(batch).finally(() => running.delete(p));
      running.add(p);
    }
  }

  return {
    /** Resolves with the timer's outcome once its batch has committed. */
    submit(t: EscalationTimer): Promise<FireOutcome> {
      return new Promise<FireOutcome>((resolve, reject) => {
        pending.push({ t, resolve, reject });
        if (pending.length >= maxBatch) flush();
        else timer ??= setTimeout(flush, maxWaitMs);
      });
    },
    /** Applies what waits and settles every batch and follow-up started so far. */
    async drain(): Promise<void> {
      while (pending.length > 0 || running.size > 0) {
        flush();
        await Promise.allSettled([...running]);
      }
    },
  };
}

export type FireBatcher = ReturnType<typeof createFireBatcher>;
