// The new-API access token (§5.1): cached per app, one fetch at a time however many sends wait for it,
// refreshed 5 minutes before expiry, and dropped when the platform says it is invalid.
import type { Clock } from '../../src/lib/clock.js';
import type { Failure } from './classify.js';

export const REFRESH_BEFORE_MS = 5 * 60_000;

/** Thrown by fetchToken when the token endpoint refuses: carries the classified failure. */
export class TokenError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.reason);
  }
}

export interface TokenCache {
  get(): Promise<string>;
  /** Forget `token` if it is still the cached one (a concurrent refresh may already have replaced it). */
  invalidate(token: string): void;
  current(): string | null;
}

export function createTokenCache(
  fetchToken: () => Promise<{ token: string; expiresInMs: number }>,
  clock: Clock,
): TokenCache {
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  const fresh = () => cached !== null && clock.now().getTime() < cached.expiresAt - REFRESH_BEFORE_MS;

  return {
    get() {
      if (cached && fresh()) return Promise.resolve(cached.token);
      inflight ??= fetchToken()
        .then(({ token, expiresInMs }) => {
          cached = { token, expiresAt: clock.now().getTime() + expiresInMs };
          return token;
        })
        .finally(() => (inflight = null));
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = null;
    },
    current: () => cached?.token ?? null,
  };
}
