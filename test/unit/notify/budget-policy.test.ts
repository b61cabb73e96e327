import { describe, expect, it } from 'vitest';
import { capacityOf, decide, type DueItem } from '../../../src/notify/budget-policy.js';

const now = new Date('2026-11-22T10:00:00Z');
const card = (id: string, ageMs = 0): DueItem => ({
  id,
  kind: 'card',
  createdAt: new Date(now.getTime() - ageMs),
});
const digest = (id: string): DueItem => ({ id, kind: 'digest', createdAt: now });
const cards = (n: number, ageMs = 0) => Array.from({ length: n }, (_, i) => card(`c${i}`, ageMs));
const policy = { reserve: 4, lingerMs: 10_000 };

describe('decide', () => {
  it.each([
    // [due cards, age ms, capacity, sent one by one, folded]
    [1, 0, 20, 1, 0],
    [16, 0, 20, 16, 0],
    [17, 0, 20, 0, 0], // over the reserve and too young to fold: waits for more
    [17, 10_000, 20, 0, 17],
    [1, 0, 1, 1, 0], // a lone card takes the last slot
    [2, 0, 1, 0, 0],
    [2, 10_000, 1, 0, 2],
    [300, 60_000, 3, 0, 300],
    [5, 60_000, 0, 0, 0], // no slot: nothing at all
  ])('with %i cards aged %i ms and %i slots: sends %i, folds %i', (n, age, capacity, sent, folded) => {
    const d = decide(cards(n, age), capacity, now, policy);
    expect(d.send).toHaveLength(sent);
    expect(d.fold).toHaveLength(folded);
  });

  it('sends digests being retried before anything else, one slot each', () => {
    const d = decide([digest('d1'), ...cards(3), digest('d2')], 2, now, policy);
    expect(d.send.map((x) => x.id)).toEqual(['d1', 'd2']);
    expect(d.fold).toEqual([]);
  });

  it('sends updates of shown cards whatever the budget, and neither folds them nor counts them', () => {
    const updates = [1, 2, 3].map((i) => ({ ...card(`u${i}`, 60_000), inPlace: true }));
    const none = decide([...updates, ...cards(30, 60_000)], 0, now, policy);
    expect(none.send.map((x) => x.id)).toEqual(['u1', 'u2', 'u3']);
    expect(none.fold).toEqual([]);
    const some = decide([...updates, ...cards(30, 60_000)], 5, now, policy);
    expect(some.send.map((x) => x.id)).toEqual(['u1', 'u2', 'u3']);
    expect(some.fold).toHaveLength(30); // the new cards still fold, into one digest (one slot)
  });

  it('never uses more slots than it has, whatever arrives', () => {
    for (let capacity = 0; capacity <= 20; capacity++) {
      for (const n of [0, 1, 2, 5, 16, 17, 40]) {
        const d = decide([digest('d'), ...cards(n, 20_000)], capacity, now, policy);
        expect(d.send.length + (d.fold.length > 0 ? 1 : 0)).toBeLessThanOrEqual(capacity);
      }
    }
  });
});

describe('capacityOf', () => {
  it('is the tightest budget left when a send spends several', () => {
    const budgets = [
      { key: 'wecom-member:a', perMinute: 30 },
      { key: 'wecom-member:b', perMinute: 30 },
    ];
    expect(capacityOf(budgets, new Map([['wecom-member:b', 29]]))).toBe(1);
    expect(capacityOf(budgets, new Map())).toBe(30);
  });
});
