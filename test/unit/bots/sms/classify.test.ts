import { describe, expect, it } from 'vitest';
import { classify, type SmsAnswer } from '../../../../bots/sms/classify.js';

const body = (code: string, status = 200): SmsAnswer => ({
  kind: 'body',
  status,
  code,
  message: 'm',
  body: { Code: code },
});

describe('SendSms answer classification', () => {
  it.each([
    ['OK', body('OK'), 'ok'],
    ['isv.MOBILE_NUMBER_ILLEGAL', body('isv.MOBILE_NUMBER_ILLEGAL'), 'invalid_number'],
    ['isv.BUSINESS_LIMIT_CONTROL', body('isv.BUSINESS_LIMIT_CONTROL'), 'retryable'],
    ['isv.DAY_LIMIT_CONTROL', body('isv.DAY_LIMIT_CONTROL'), 'retryable'],
    ['isv.OUT_OF_SERVICE', body('isv.OUT_OF_SERVICE'), 'retryable'],
    ['isp.SYSTEM_ERROR', body('isp.SYSTEM_ERROR'), 'retryable'],
    ['SignatureNonceUsed', body('SignatureNonceUsed', 400), 'retryable'],
    ['ServiceUnavailable 503', body('ServiceUnavailable', 503), 'retryable'],
    ['an unknown code with 500', body('Whatever', 500), 'retryable'],
    ['SignatureDoesNotMatch', body('SignatureDoesNotMatch', 400), 'permanent'],
    ['InvalidAccessKeyId.NotFound', body('InvalidAccessKeyId.NotFound', 404), 'permanent'],
    ['isv.TEMPLATE_MISSING_PARAMETERS', body('isv.TEMPLATE_MISSING_PARAMETERS'), 'permanent'],
    ['isv.SMS_TEMPLATE_ILLEGAL', body('isv.SMS_TEMPLATE_ILLEGAL'), 'permanent'],
    ['isv.SMS_SIGNATURE_ILLEGAL', body('isv.SMS_SIGNATURE_ILLEGAL'), 'permanent'],
    ['isv.BLACK_KEY_CONTROL_LIMIT', body('isv.BLACK_KEY_CONTROL_LIMIT'), 'permanent'],
    ['HTTP 502 (HTML)', { kind: 'http', status: 502 }, 'retryable'],
    ['HTTP 429', { kind: 'http', status: 429 }, 'retryable'],
    ['HTTP 403 (HTML)', { kind: 'http', status: 403 }, 'permanent'],
    ['a network error', { kind: 'network', detail: 'ECONNRESET' }, 'retryable'],
    ['a timeout', { kind: 'timeout', afterMs: 10_000 }, 'retryable'],
  ] as [string, SmsAnswer, string][])('classifies %s as %s', (_name, answer, expected) => {
    const r = classify(answer, '138****8000');
    const got = r.ok ? 'ok' : r.invalidNumber ? 'invalid_number' : r.retryable ? 'retryable' : 'permanent';
    expect(got).toBe(expected);
    if (!r.ok) expect(r.reason).toContain('138****8000');
  });

  it('waits at least a minute after per-number flow control', () => {
    const r = classify(body('isv.BUSINESS_LIMIT_CONTROL'), 'x');
    expect(!r.ok && r.retryAfterMs).toBe(60_000);
  });
});
