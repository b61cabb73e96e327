// SendSms as Aliyun checks it: gateway first (action, AccessKeyId, signature, nonce, timestamp: 4xx), then the
// business checks answered HTTP 200 with an isv.* Code (sign name, template, params, number, flow control).
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { signRpc } from '../../sms/sign.js';
import { DEFAULT_LIMITS, type SmsState } from './state.js';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const REQUIRED = ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp', 'SignatureMethod', 'Version'];
const CN_MOBILE = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;
const INTERNATIONAL = /^(?:\+|00)?([1-9]\d{7,14})$/;

const answer = (s: SmsState, status: number, code: string, message: string): Answer => ({
  status,
  body: { Code: code, Message: message, RequestId: randomUUID().toUpperCase() },
});

function gateway(s: SmsState, method: 'GET' | 'POST', p: Record<string, string>): Answer | null {
  if (p.Action !== 'SendSms') return answer(s, 404, 'InvalidAction.NotFound', 'Specified api is not found');
  const missing = REQUIRED.find((k) => !p[k]);
  if (missing) return answer(s, 400, `Missing${missing}`, `${missing} is mandatory for this action.`);
  if (p.AccessKeyId !== s.opts.accessKeyId) {
    return answer(s, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  }
  if (p.SignatureMethod !== 'HMAC-SHA1' || p.SignatureVersion !== '1.0') {
    return answer(s, 400, 'InvalidParameter', 'SignatureMethod must be HMAC-SHA1, SignatureVersion 1.0');
  }
  const expected = Buffer.from(signRpc(method, p, s.opts.accessKeySecret));
  const given = Buffer.from(p.Signature ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return answer(
      s,
      400,
      'SignatureDoesNotMatch',
      'Specified signature is not matched with our calculation.',
    );
  }
  if (s.nonces.has(p.SignatureNonce!)) {
    return answer(s, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  const at = Date.parse(p.Timestamp!);
  if (
    !/Z$/.test(p.Timestamp!) ||
    Number.isNaN(at) ||
    Math.abs(at - s.now()) > (s.opts.maxSkewMs ?? 15 * 60_000)
  ) {
    return answer(s, 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  }
  s.nonces.set(p.SignatureNonce!, s.now());
  if (p.Version !== '2017-05-25')
    return answer(s, 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
  return null;
}

function paramsOf(raw: string | undefined): Record<string, string> | null {
  if (raw === undefined || raw === '') return {};
  try {
    const v = JSON.parse(raw) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.some(([, x]) => typeof x !== 'string')) return null;
    return Object.fromEntries(entries) as Record<string, string>;
  } catch {
    return null;
  }
}

export function normaliseNumber(raw: string): string | null {
  const cn = CN_MOBILE.exec(raw);
  if (cn) return cn[1]!;
  const intl = INTERNATIONAL.exec(raw);
  return intl && !raw.startsWith('1') ? intl[1]! : null;
}

function limited(s: SmsState, phone: string, sign: string): string | null {
  const now = s.now();
  const sent = s.messages.filter((m) => m.phone === phone && m.signName === sign);
  for (const l of s.opts.limits ?? DEFAULT_LIMITS) {
    if (sent.filter((m) => now - m.at < l.windowMs).length >= l.max) return l.message;
  }
  return null;
}

export function sendSms(s: SmsState, method: 'GET' | 'POST', p: Record<string, string>): Answer {
  const denied = gateway(s, method, p);
  if (denied) return denied;
  if (p.SignName !== s.opts.signName)
    return answer(s, 200, 'isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
  const template = s.opts.templates[p.TemplateCode ?? ''];
  if (!template) return answer(s, 200, 'isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
  const params = paramsOf(p.TemplateParam);
  if (!params) return answer(s, 200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
  if (template.params.some((k) => !params[k])) {
    return answer(s, 200, 'isv.TEMPLATE_MISSING_PARAMETERS', '模板变量缺少对应参数值');
  }
  const raw = (p.PhoneNumbers ?? '').split(',');
  const phones = raw.map(normaliseNumber);
  if (raw.length > 1000) return answer(s, 200, 'isv.MOBILE_COUNT_OVER_LIMIT', '手机号码数量超过限制');
  const illegal = (x: string | null) => x === null || (s.opts.invalidNumbers ?? []).includes(x);
  if (phones.some(illegal)) return answer(s, 200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
  for (const phone of phones as string[]) {
    const limit = limited(s, phone, p.SignName);
    if (limit) return answer(s, 200, 'isv.BUSINESS_LIMIT_CONTROL', limit);
  }
  const bizId = `${randomBytes(9).readUIntBE(0, 6)}^0`;
  const text = (template.content ?? '').replace(/\$\{(\w+)\}/g, (_m, k: string) => params[k] ?? '');
  for (const phone of phones as string[]) {
    s.messages.push({
      at: s.now(),
      phone,
      signName: p.SignName,
      templateCode: p.TemplateCode!,
      params,
      text,
      bizId,
    });
  }
  return {
    status: 200,
    body: { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: randomUUID().toUpperCase() },
  };
}
