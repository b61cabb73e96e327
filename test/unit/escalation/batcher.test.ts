// The worker's micro-batcher: timers arriving together go in one batch (up to maxBatch), each promise
// settles with its own outcome once the batch committed (or rejects with it), at most maxInFlight batches
// run at once, and drain waits for the batches' follow-ups.
import { describe, expect, it } from 'vitest';
import { createFireBatcher } from '../../../src/escalation/batcher.js';
import type { FiredBatch, FireOutcome } from '../../../src/escalation/fire.js';
import type { EscalationTimer } from '../../../src/escalation/types.js';

const timer = (i: number): EscalationTimer => ({ alertId: `a${i}`, jobId: `j${i}`, level: 1 });
const fired = (level: number): FireOutcome => ({ kind: 'fired', level, people: [] });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('createFireBatcher', () => {
  it('applies timers arriving within the wait together and splits at maxBatch', async () => {
    const sizes: number[] = [];
    const b = createFireBatcher(
      async (ts): Promise<FiredBatch> => {
        sizes.push(ts.length);
        return { outcomes: ts.map((_, i) => fired(i)), after: Promise.resolve() };
      },
      { maxBatch: 3, maxWaitMs: 20 },
    );
    const all = Promise.all([0, 1, 2, 3, 4].map((i) => b.submit(timer(i))));
    expect(await all).toEqual([fired(0), fired(1), fired(2), fired(0), fired(1)]);
    expect(sizes).toEqual([3, 2]);
  });

  it('rejects every timer of a batch that failed, and keeps going', async () => {
    let fail = true;
    const b = createFireBatcher(
      async (ts) => {
        if (fail) throw new Error('died before commit');
        return { outcomes: ts.map(() => ({ kind: 'stale' }) as const), after: Promise.resolve() };
      },
      { maxWaitMs: 5 },
    );
    const first = await Promise.allSettled([b.submit(timer(1)), b.submit(timer(2))]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await b.submit(timer(1))).toEqual({ kind: 'stale' });
  });

  it('runs at most maxInFlight batches; what arrives meanwhile makes the next batch', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = createFireBatcher(
      async (ts) => {
        sizes.push(ts.length);
        await gate;
        return { outcomes: ts.map(() => ({ kind: 'stale' }) as const), after: Promise.resolve() };
      },
      { maxWaitMs: 1, maxInFlight: 1 },
    );
    const first = b.submit(timer(0));
    await tick(10);
    const rest = [1, 2, 3].map((i) => b.submit(timer(i)));
    await tick(10);
    expect(sizes).toEqual([1]);
    release();
    await Promise.all([first, ...rest]);
    expect(sizes).toEqual([1, 3]);
  });

  it('resolves the jobs at commit and lets drain wait for the follow-ups', async () => {
    let followed = false;
    const b = createFireBatcher(async (ts) => ({
      outcomes: ts.map(() => fired(1)),
      after: tick(30).then(() => void (followed = true)),
    }));
    expect(await b.submit(timer(1))).toEqual(fired(1));
    expect(followed).toBe(false);
    await b.drain();
    expect(followed).toBe(true);
  });
});
