// 微信客服 kf/send_msg (wecom.md §6) through bots/wecom's HTTP call and token cache. 95001 (the 5-message /
// 48 h window is used up or closed) hands the notice back to SMS; a token expired mid-flight is refreshed once.
import type { ChannelResult, KfTarget } from '../../src/customers/types.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/logger.js';
import { errcodeOf, failureOf, TOKEN_ERRCODES } from '../wecom/classify.js';
import type { ApiResult, WecomHttp } from '../wecom/http.js';
import { createTokenCache, TokenError } from '../wecom/token-cache.js';

/** wecom.md §7 / bots/sandbox/wecom/errors.ts: 95001 send msg count limit (UNCONFIRMED for the closed window). */
export const KF_LIMIT_ERRCODE = 95001;

export interface KfSenderOptions {
  http: WecomHttp;
  /** The app configured for 微信客服 (its secret gets the token). */
  corpId: string;
  secret: string;
  clock: Clock;
  log: Logger;
}

export function createKfSender(o: KfSenderOptions) {
  const tokens = createTokenCache({ http: o.http, corpId: o.corpId, secret: o.secret, clock: o.clock });
  const secrets = () => [o.secret, tokens.current()];

  async function post(body: unknown): Promise<ApiResult> {
    try {
      const token = await tokens.get();
      const first = await o.http.call('POST', '/cgi-bin/kf/send_msg', { access_token: token }, body);
      const code = errcodeOf(first);
      if (code === null || !TOKEN_ERRCODES.has(code)) return first;
      tokens.invalidate(token);
      return await o.http.call('POST', '/cgi-bin/kf/send_msg', { access_token: await tokens.get() }, body);
    } catch (err) {
      if (err instanceof TokenError) return err.result;
      throw err;
    }
  }

  return async function kf(target: KfTarget, text: string, msgid: string): Promise<ChannelResult> {
    const body = {
      touser: target.externalUserId,
      open_kfid: target.openKfid,
      msgid: msgid.slice(0, 32),
      msgtype: 'text',
      text: { content: text },
    };
    const result = await post(body);
    if (result.kind === 'ok') return { ok: true, ref: { msgid: result.body.msgid ?? msgid } };
    const failure = failureOf(result, secrets());
    o.log.warn({ reason: failure.reason }, 'kf/send_msg failed');
    if (errcodeOf(result) === KF_LIMIT_ERRCODE) {
      return { ok: false, retryable: true, kfClosed: true, reason: failure.reason };
    }
    return { ok: false, retryable: failure.retryable, reason: failure.reason };
  };
}
