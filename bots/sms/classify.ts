// SendSms answers → ok / retryable / permanent. Business errors come as HTTP 200 with a Code (help.aliyun.com
// document_detail/101346, 国内消息API错误码); gateway errors (SignatureDoesNotMatch, InvalidAccessKeyId.NotFound)
// come with a 4xx status. Anything that waiting can fix is retried; a bad number is reported, never retried.
import type { ChannelResult } from '../../src/customers/types.js';

export type SmsAnswer =
  | { kind: 'body'; status: number; code: string; message: string; body: Record<string, unknown> }
  | { kind: 'http'; status: number }
  | { kind: 'network'; detail: string }
  | { kind: 'timeout'; afterMs: number };

/** The number itself is wrong: reported as invalid_number. */
export const INVALID_NUMBER = new Set(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.PHONE_NUMBER_ILLEGAL']);

/** Waiting helps; the value is the least wait. */
export const RETRY_AFTER_MS: Record<string, number> = {
  // Per-number flow control (1/min, 5/h, 10/day for codes by default; notices: configurable per template).
  'isv.BUSINESS_LIMIT_CONTROL': 60_000,
  // The account's daily / monthly quota set in the console, and an unpaid balance.
  'isv.DAY_LIMIT_CONTROL': 3_600_000,
  'isv.MONTH_LIMIT_CONTROL': 6 * 3_600_000,
  'isv.OUT_OF_SERVICE': 3_600_000,
  'isp.SYSTEM_ERROR': 0,
  'isp.GATEWAY_ERROR': 0,
  ServiceUnavailable: 0,
  InternalError: 0,
  Throttling: 1_000,
  'Throttling.User': 1_000,
  'Throttling.Api': 1_000,
  // A nonce clash or clock skew: the next try has a fresh nonce and timestamp.
  SignatureNonceUsed: 0,
  'InvalidTimeStamp.Expired': 0,
};

export function classify(a: SmsAnswer, masked: string): ChannelResult {
  const where = `sms ${masked}`;
  switch (a.kind) {
    case 'network':
      return { ok: false, retryable: true, reason: `${where}: network error ${a.detail}` };
    case 'timeout':
      return { ok: false, retryable: true, reason: `${where}: no answer within ${a.afterMs} ms` };
    case 'http':
      return {
        ok: false,
        retryable: a.status >= 500 || a.status === 429,
        reason: `${where}: HTTP ${a.status}`,
      };
    case 'body':
      return classifyCode(a, where);
  }
}

function classifyCode(a: Extract<SmsAnswer, { kind: 'body' }>, where: string): ChannelResult {
  if (a.code === 'OK' && a.status < 300) {
    return { ok: true, ref: { bizId: a.body.BizId ?? null, requestId: a.body.RequestId ?? null } };
  }
  const reason = `${where}: ${a.code} ${a.message.slice(0, 80)}`.trim();
  if (INVALID_NUMBER.has(a.code)) return { ok: false, retryable: false, invalidNumber: true, reason };
  const wait = RETRY_AFTER_MS[a.code];
  if (wait !== undefined)
    return { ok: false, retryable: true, reason, ...(wait > 0 ? { retryAfterMs: wait } : {}) };
  if (a.status >= 500) return { ok: false, retryable: true, reason };
  return { ok: false, retryable: false, reason };
}
