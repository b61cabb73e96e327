// Retry timing for failed sends: exponential with "equal jitter" (half fixed, half random), so many
// deliveries failing together do not come back together; a platform's own "wait" wins when longer.

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** Attempts (the first send included) before a delivery is declared dead. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxAttempts: 10 };

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
