// createAliyunSms: Dysmsapi 2017-05-25 SendSms, RPC style, signed (sign.ts), POSTed as a form body so the phone
// never sits in a URL. Results are data (classify.ts), never thrown; logs see 138****8000 and no secret.
import { randomUUID } from 'node:crypto';
import type { SmsConfig } from '../../src/config/types.js';
import type { ChannelResult } from '../../src/customers/types.js';
import { maskPhone } from '../../src/domain/phone.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/logger.js';
import { classify, type SmsAnswer } from './classify.js';
import { signedQuery } from './sign.js';

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com';
export const SMS_API_VERSION = '2017-05-25';

export interface AliyunSmsOptions {
  config: SmsConfig;
  fetch?: typeof fetch;
  clock: Clock;
  log: Logger;
  timeoutMs?: number;
  regionId?: string;
  method?: 'GET' | 'POST';
  nonce?: () => string;
}

export interface AliyunSms {
  sms(phone: string, templateCode: string, params: Record<string, string>): Promise<ChannelResult>;
}

/** Timestamp in ISO 8601 UTC without milliseconds: 2017-07-12T02:42:19Z. */
export function aliyunTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function sendSmsParams(
  o: Pick<AliyunSmsOptions, 'config' | 'regionId'>,
  at: Date,
  nonce: string,
  req: { phone: string; templateCode: string; params: Record<string, string> },
): Record<string, string> {
  return {
    AccessKeyId: o.config.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: req.phone,
    RegionId: o.regionId ?? 'cn-hangzhou',
    SignName: o.config.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    TemplateCode: req.templateCode,
    TemplateParam: JSON.stringify(req.params),
    Timestamp: aliyunTimestamp(at),
    Version: SMS_API_VERSION,
  };
}

function networkDetail(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return err instanceof Error ? err.name : 'error';
}

async function answerOf(res: Response): Promise<SmsAnswer> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body === 'object' && body !== null && typeof body.Code === 'string') {
      return { kind: 'body', status: res.status, code: body.Code, message: String(body.Message ?? ''), body };
    }
  } catch {
    // an HTML gateway page
  }
  return { kind: 'http', status: res.status };
}

export function createAliyunSms(o: AliyunSmsOptions): AliyunSms {
  const doFetch = o.fetch ?? fetch;
  const base = (o.config.apiBase ?? ALIYUN_SMS_ENDPOINT).replace(/\/+$/, '');
  const method = o.method ?? 'POST';
  const timeoutMs = o.timeoutMs ?? 10_000;
  return {
    async sms(phone, templateCode, params) {
      const masked = maskPhone(phone);
      const fields = sendSmsParams(o, o.clock.now(), (o.nonce ?? randomUUID)(), {
        phone,
        templateCode,
        params,
      });
      const encoded = signedQuery(method, fields, o.config.accessKeySecret);
      let answer: SmsAnswer;
      try {
        const res = await doFetch(method === 'GET' ? `${base}/?${encoded}` : `${base}/`, {
          method,
          headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
          body: method === 'POST' ? encoded : undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
        answer = await answerOf(res);
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        answer =
          name === 'TimeoutError' || name === 'AbortError'
            ? { kind: 'timeout', afterMs: timeoutMs }
            : { kind: 'network', detail: networkDetail(err) };
      }
      const result = classify(answer, masked);
      if (!result.ok)
        o.log.warn({ phone: masked, template: templateCode, reason: result.reason }, 'SendSms failed');
      return result;
    },
  };
}
