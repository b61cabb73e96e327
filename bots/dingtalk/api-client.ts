// HTTP to DingTalk: new APIs with the cached token (retried once with a fresh token on 401 /
// InvalidAuthentication, i.e. expiry mid-flight) and the signed custom-robot webhook (§4.3). Every
// call has a timeout; every failure reason is scrubbed of known secrets as a last line of defence.
import { createPacer } from './pacer.js';
import { createHmac } from 'node:crypto';
import { scrub } from '../../src/config/secrets.js';
import type { DingtalkConfig } from '../../src/config/types.js';
import type { Clock } from '../../src/lib/clock.js';
import { classifyApiError, classifyErrcode, classifyThrown, type Failure } from './classify.js';
import { createTokenCache, TokenError } from './token-cache.js';

export type ApiResult = { ok: true; body: unknown } | { ok: false; failure: Failure; code: string | null };

export interface ApiClientDeps {
  config: DingtalkConfig;
  clock: Clock;
  fetch: typeof fetch;
  /** Calls per second per API path from this process (DingTalk's standard limit is 20). */
  qpsLimit?: number;
  timeoutMs: number;
}

/** sign = urlEncode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))) (§4.3). */
export function webhookSign(secret: string, timestamp: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return encodeURIComponent(mac);
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A platform message may echo the request URL: keep the path, drop the query (token, sign). */
export function stripQueries(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*)\?[^\s#]*/gi, '$1')
    .replace(/\b(access_token|sign|session)=[^\s&]*/gi, '$1=***');
}

const codeOf = (body: unknown) => {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
};

export function createApiClient(deps: ApiClientDeps) {
  const { config, clock, timeoutMs } = deps;
  const app = config.app;
  const secrets = () =>
    [app?.clientSecret, config.webhook?.token, config.webhook?.secret, tokens.current()].filter(
      (s): s is string => !!s,
    );
  const clean = (f: Failure): Failure => ({ ...f, reason: scrub(stripQueries(f.reason), secrets()) });

  async function post(
    op: string,
    url: string,
    init: RequestInit,
  ): Promise<{ status: number; body: unknown } | Failure> {
    try {
      const res = await deps.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return { status: res.status, body: await readJson(res) };
    } catch (err) {
      return clean(classifyThrown(op, err, timeoutMs));
    }
  }

  const tokens = createTokenCache(async () => {
    const r = await post('token', `${config.apiBase}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: app?.clientId, appSecret: app?.clientSecret }),
    });
    if ('ok' in r) throw new TokenError(r);
    const b = r.body as { accessToken?: unknown; expireIn?: unknown } | null;
    if (r.status !== 200 || typeof b?.accessToken !== 'string') {
      throw new TokenError(clean(classifyApiError('token', r.status, r.body)));
    }
    return { token: b.accessToken, expiresInMs: (typeof b.expireIn === 'number' ? b.expireIn : 7200) * 1000 };
  }, clock);

  const pace = createPacer(deps.qpsLimit ?? 20);
  async function once(op: string, method: string, path: string, body: unknown, token: string) {
    await pace(path);
    return post(op, `${config.apiBase}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
      body: JSON.stringify(body),
    });
  }

  const isAuthFailure = (r: { status: number; body: unknown }) =>
    r.status === 401 || codeOf(r.body) === 'InvalidAuthentication';

  /** A new-API call; a stale token is invalidated and the call retried once with a fresh one. */
  async function api(op: string, method: string, path: string, body: unknown): Promise<ApiResult> {
    try {
      let token = await tokens.get();
      let r = await once(op, method, path, body, token);
      if (!('ok' in r) && isAuthFailure(r)) {
        tokens.invalidate(token);
        token = await tokens.get();
        r = await once(op, method, path, body, token);
      }
      if ('ok' in r) return { ok: false, failure: r, code: null };
      if (r.status >= 200 && r.status < 300) return { ok: true, body: r.body };
      return { ok: false, failure: clean(classifyApiError(op, r.status, r.body)), code: codeOf(r.body) };
    } catch (err) {
      if (err instanceof TokenError) return { ok: false, failure: err.failure, code: null };
      throw err;
    }
  }

  /** The signed webhook; the URL (token, sign) never appears in a reason. */
  async function webhook(body: unknown): Promise<ApiResult> {
    const hook = config.webhook;
    if (!hook)
      return {
        ok: false,
        failure: { ok: false, retryable: false, reason: 'dingtalk webhook: not configured' },
        code: null,
      };
    const ts = String(clock.now().getTime());
    const q = `access_token=${encodeURIComponent(hook.token)}&timestamp=${ts}&sign=${webhookSign(hook.secret, ts)}`;
    const r = await post('webhook', `${config.oapiBase}/robot/send?${q}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if ('ok' in r) return { ok: false, failure: r, code: null };
    const b = r.body as { errcode?: unknown; errmsg?: unknown } | null;
    if (r.status !== 200)
      return { ok: false, failure: clean(classifyApiError('webhook', r.status, r.body)), code: null };
    if (b?.errcode === 0) return { ok: true, body: b };
    const errcode = typeof b?.errcode === 'number' ? b.errcode : -1;
    return {
      ok: false,
      failure: clean(classifyErrcode('webhook', errcode, b?.errmsg)),
      code: String(errcode),
    };
  }

  return { api, webhook, tokens };
}

export type ApiClient = ReturnType<typeof createApiClient>;
