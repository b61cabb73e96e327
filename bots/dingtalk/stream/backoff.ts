// Reconnect delays: exponential backoff with full jitter (a random delay in [0, min(max, base·2^n)]), so
// many processes dropped at once by the gateway do not come back in lockstep.
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** A connection that stayed up this long resets the backoff to its first step. */
  stableMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 1_000, maxMs: 60_000, stableMs: 30_000 };

export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number): number {
  const cap = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}
