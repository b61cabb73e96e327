import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY } from '../../../src/notify/backoff.js';

describe('backoffMs', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [4, 1, 8000],
    [20, 0, 150_000], // capped at 5 min, half of it fixed
    [20, 1, 300_000],
  ])('waits within the jittered window at attempt %i (random %d): %i ms', (attempt, r, ms) => {
    expect(backoffMs(attempt, DEFAULT_RETRY, () => r)).toBe(ms);
  });

  it('grows with each attempt until the cap', () => {
    const mid = (a: number) => backoffMs(a, DEFAULT_RETRY, () => 0.5);
    for (let a = 1; a < 9; a++) expect(mid(a + 1)).toBeGreaterThan(mid(a));
    expect(mid(30)).toBe(mid(40));
  });
});
