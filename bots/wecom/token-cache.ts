// The app's access_token (wecom.md §2.1): fetched once for all concurrent callers, reused until shortly before
// expires_in, dropped when WeCom rejects it. gettoken is frequency-limited, so nothing here polls it.
import type { Clock } from '../../src/lib/clock.js';
import type { ApiResult, WecomHttp } from './http.js';

/** Refresh this long before WeCom's own expiry (or halfway, for a short-lived token). */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class TokenError extends Error {
  constructor(readonly result: ApiResult) {
    super('wecom gettoken failed');
  }
}

export interface TokenCache {
  get(): Promise<string>;
  /** Forget `token` if it is still the cached one (a concurrent caller may already hold a newer token). */
  invalidate(token: string): void;
  /** The cached token, for scrubbing; null when none. */
  current(): string | null;
}

export interface TokenCacheOptions {
  http: WecomHttp;
  corpId: string;
  secret: string;
  clock: Clock;
}

export function createTokenCache(opts: TokenCacheOptions): TokenCache {
  let cached: { token: string; refreshAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const query = { corpid: opts.corpId, corpsecret: opts.secret };
    const result = await opts.http.call('GET', '/cgi-bin/gettoken', query);
    const token = result.kind === 'ok' ? result.body.access_token : undefined;
    if (result.kind !== 'ok' || typeof token !== 'string' || token === '') {
      throw new TokenError(
        result.kind === 'ok' ? { path: result.path, kind: 'bad-body', status: 200 } : result,
      );
    }
    const ttlMs = Number(result.body.expires_in ?? 7200) * 1000;
    cached = {
      token,
      refreshAt: opts.clock.now().getTime() + ttlMs - Math.min(REFRESH_MARGIN_MS, ttlMs / 2),
    };
    return token;
  }

  return {
    get() {
      if (cached && opts.clock.now().getTime() < cached.refreshAt) return Promise.resolve(cached.token);
      pending ??= fetchToken().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = null;
    },
    current: () => cached?.token ?? null,
  };
}
