// Answers that do not fit in the callback's response: a 1:1 text from the app (message/send, with the
// access-token cache, one refresh on an expired token) and the AI bot's single-use response_url.
import type { WecomConfig } from '../../../src/config/types.js';
import type { Clock } from '../../../src/lib/clock.js';
import type { Logger } from '../../../src/lib/logger.js';
import { errcodeOf, TOKEN_ERRCODES } from '../classify.js';
import { createWecomHttp, type ApiResult } from '../http.js';
import { truncateUtf8 } from '../text.js';
import { createTokenCache, TokenError } from '../token-cache.js';

/** message/send text content and the passive text reply both take at most 2048 bytes (path/90236, 96469). */
export const TEXT_MAX_BYTES = 2048;

export interface AppMessenger {
  /** True when WeCom accepted it. Failures are logged (errcode only) and not retried. */
  sendText(userid: string, text: string): Promise<boolean>;
}

/** Reply text carries light markdown (`**bold**`); app text messages show it literally, so it is dropped. */
export function plainText(text: string): string {
  return truncateUtf8(text.replace(/\*\*(.+?)\*\*/g, '$1'), TEXT_MAX_BYTES);
}

export interface AppMessengerDeps {
  config: WecomConfig;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

function outcome(log: Logger, result: ApiResult): boolean {
  if (result.kind === 'ok') return true;
  const errcode = errcodeOf(result);
  log.warn({ path: result.path, kind: result.kind, errcode }, 'wecom answer not delivered');
  return false;
}

/** Null when no app is configured (no corpId/secret/agentId to send with). */
export function createAppMessenger(deps: AppMessengerDeps): AppMessenger | null {
  const app = deps.config.app;
  if (!app) return null;
  const http = createWecomHttp({
    apiBase: deps.config.apiBase,
    fetch: deps.fetch ?? globalThis.fetch,
    timeoutMs: deps.timeoutMs ?? 10_000,
  });
  const tokens = createTokenCache({ http, corpId: app.corpId, secret: app.secret, clock: deps.clock });
  const post = async (body: unknown): Promise<ApiResult> => {
    const token = await tokens.get();
    const first = await http.call('POST', '/cgi-bin/message/send', { access_token: token }, body);
    const code = errcodeOf(first);
    if (code === null || !TOKEN_ERRCODES.has(code)) return first;
    tokens.invalidate(token);
    return http.call('POST', '/cgi-bin/message/send', { access_token: await tokens.get() }, body);
  };
  return {
    async sendText(userid, text) {
      const body = {
        touser: userid,
        msgtype: 'text',
        agentid: app.agentId,
        text: { content: plainText(text) },
      };
      try {
        return outcome(deps.log, await post(body));
      } catch (err) {
        if (err instanceof TokenError) return outcome(deps.log, err.result);
        throw err;
      }
    },
  };
}

export interface ResponseUrlPoster {
  /** POSTs once; true when WeCom answered errcode 0. The URL (it carries a credential) is never logged. */
  post(url: string, body: unknown): Promise<boolean>;
}

export function createResponseUrlPoster(deps: { fetch?: typeof fetch; log: Logger; timeoutMs?: number }) {
  const doFetch = deps.fetch ?? globalThis.fetch;
  return {
    async post(url: string, body: unknown): Promise<boolean> {
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        });
        const answer = (await res.json().catch(() => null)) as { errcode?: unknown } | null;
        const errcode = answer && typeof answer === 'object' ? Number(answer.errcode ?? 0) : null;
        if (res.ok && errcode === 0) return true;
        deps.log.warn({ status: res.status, errcode }, 'wecom response_url answer not delivered');
        return false;
      } catch (err) {
        deps.log.warn({ error: err instanceof Error ? err.name : 'error' }, 'wecom response_url unreachable');
        return false;
      }
    },
  } satisfies ResponseUrlPoster;
}
