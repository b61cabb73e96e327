// "Polling every 5 minutes", the naive approach event-driven detection and BullMQ timers replace: what it
// would cost in lateness, computed (not measured). A poller that runs every PERIOD finds a thing that fell
// due at `due` on its first run at or after `due`; where that run falls depends on the poller's phase,
// which nothing fixes, so the figures are over phases spread evenly across one period.

export const NAIVE_POLL_MS = 5 * 60_000;

const pct = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

export interface Quantiles {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * Lateness (ms) of a poll every `periodMs` over these due times (epoch ms), at `phases` evenly spaced
 * poller phases: for phase φ the polls run at φ + k·period and an item due at d is found at the first
 * poll ≥ d. Up to `maxItems` due times are used (evenly picked) so the sort stays small. The poll's own
 * query and apply time is not included: it only adds.
 */
export function simulatePolling(
  dueMs: readonly number[],
  periodMs = NAIVE_POLL_MS,
  phases = 1000,
  maxItems = 1000,
): Quantiles {
  const step = Math.max(1, Math.floor(dueMs.length / maxItems));
  const picked = dueMs.filter((_d, i) => i % step === 0);
  const late = new Float64Array(picked.length * phases);
  let k = 0;
  for (let p = 0; p < phases; p++) {
    const phase = (p * periodMs) / phases;
    for (const d of picked) {
      const polls = Math.ceil((d - phase) / periodMs);
      late[k++] = phase + polls * periodMs - d;
    }
  }
  late.sort();
  const s = Array.from(late, (x) => Math.round(x));
  return { n: s.length, p50: pct(s, 0.5), p90: pct(s, 0.9), p99: pct(s, 0.99), max: s[s.length - 1] ?? NaN };
}

/** The same for a thing that can fall due at any moment: the wait is uniform over one period. */
export function pollingWait(periodMs = NAIVE_POLL_MS): Omit<Quantiles, 'n'> {
  return { p50: periodMs * 0.5, p90: periodMs * 0.9, p99: periodMs * 0.99, max: periodMs };
}
