import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../../bots/dingtalk/pacer.js';

/** Settles the microtask queue, so an unblocked call has had every chance to finish. */
const settle = () => new Promise((r) => setImmediate(r));

describe('createPacer', () => {
  it('lets the first calls of a second through at once and holds the one past the limit', async () => {
    const pace = createPacer(3);
    const done: number[] = [];
    const calls = [1, 2, 3, 4].map((i) => pace('/v1.0/card/instances').then(() => done.push(i)));
    await settle();
    expect(done).toEqual([1, 2, 3]);
    await Promise.all(calls); // the fourth gets the next free slot
    expect(done).toEqual([1, 2, 3, 4]);
  });

  it('counts each API path on its own', async () => {
    const pace = createPacer(1);
    const done: string[] = [];
    void pace('/a').then(() => done.push('a'));
    void pace('/b').then(() => done.push('b'));
    await settle();
    expect(done.sort()).toEqual(['a', 'b']);
  });
});
