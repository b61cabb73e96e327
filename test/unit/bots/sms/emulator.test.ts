import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAliyunSms } from '../../../../bots/sms/aliyun-sms.js';
import { startSmsEmulator, type SmsEmulator } from '../../../../bots/sandbox/sms/index.js';
import { signedQuery } from '../../../../bots/sms/sign.js';
import { fakeClock } from '../../../../src/lib/clock.js';
import { capturedLogger } from '../../../contract/harness.js';

const SECRET = 'emulator-secret-value';
const clock = fakeClock('2026-11-22T04:00:00Z');
let emu: SmsEmulator;

const client = (over: { secret?: string; id?: string; sign?: string } = {}) => {
  const captured = capturedLogger();
  const sms = createAliyunSms({
    config: {
      provider: 'aliyun',
      apiBase: emu.url,
      accessKeyId: over.id ?? 'LTAIid',
      accessKeySecret: over.secret ?? SECRET,
      signName: over.sign ?? '订单守望',
    },
    clock,
    log: captured.log,
    timeoutMs: 2000,
  });
  return { ...sms, logs: captured.text };
};

beforeAll(async () => {
  emu = await startSmsEmulator({
    accessKeyId: 'LTAIid',
    accessKeySecret: SECRET,
    signName: '订单守望',
    templates: { SMS_1: { params: ['orderId'], content: '订单${orderId}已发货' } },
    now: () => clock.now().getTime(),
  });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  clock.advance(86_400_000);
});

describe('SMS emulator with the Aliyun client', () => {
  it('accepts a signed POST and records the message with its text', async () => {
    const r = await client().sms('13800138000', 'SMS_1', { orderId: 'TB1' });
    expect(r).toMatchObject({ ok: true, ref: { bizId: expect.any(String) } });
    expect(emu.messages('13800138000')).toMatchObject([{ text: '订单TB1已发货', signName: '订单守望' }]);
  });

  it('accepts a signed GET as well', async () => {
    const q = signedQuery(
      'GET',
      {
        AccessKeyId: 'LTAIid',
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: '8613800138001',
        RegionId: 'cn-hangzhou',
        SignName: '订单守望',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: 'n-get-1',
        SignatureVersion: '1.0',
        TemplateCode: 'SMS_1',
        TemplateParam: '{"orderId":"TB2"}',
        Timestamp: clock
          .now()
          .toISOString()
          .replace(/\.\d+Z/, 'Z'),
        Version: '2017-05-25',
      },
      SECRET,
    );
    const res = await fetch(`${emu.url}/?${q}`);
    expect(await res.json()).toMatchObject({ Code: 'OK' });
    expect(emu.messages('13800138001')).toHaveLength(1);
  });

  it.each([
    ['a wrong secret', { secret: 'nope' }, 'SignatureDoesNotMatch', false],
    ['an unknown AccessKeyId', { id: 'LTAIother' }, 'InvalidAccessKeyId.NotFound', false],
    ['a wrong sign name', { sign: '别人' }, 'isv.SMS_SIGNATURE_ILLEGAL', false],
  ])('rejects %s with %s', async (_n, over, code, retryable) => {
    const r = await client(over).sms('13800138000', 'SMS_1', { orderId: 'TB1' });
    expect(r).toMatchObject({ ok: false, retryable });
    expect(!r.ok && r.reason).toContain(code);
    expect(emu.messages()).toHaveLength(0);
  });

  it('rejects an unknown template, missing params and an invalid number', async () => {
    const c = client();
    expect(await c.sms('13800138000', 'SMS_X', { orderId: 'a' })).toMatchObject({
      ok: false,
      retryable: false,
    });
    const missing = await c.sms('13800138000', 'SMS_1', {});
    expect(!missing.ok && missing.reason).toContain('isv.TEMPLATE_MISSING_PARAMETERS');
    expect(await c.sms('1380013800', 'SMS_1', { orderId: 'a' })).toMatchObject({
      ok: false,
      invalidNumber: true,
    });
  });

  it('applies the per-number limits of 1 a minute, 5 an hour and 10 a day', async () => {
    const c = client();
    const send = () => c.sms('13900139000', 'SMS_1', { orderId: 'a' });
    expect((await send()).ok).toBe(true);
    const minute = await send();
    expect(minute).toMatchObject({ ok: false, retryable: true, retryAfterMs: 60_000 });
    expect(!minute.ok && minute.reason).toContain('isv.BUSINESS_LIMIT_CONTROL');
    for (let i = 0; i < 4; i++) {
      clock.advance(61_000);
      expect((await send()).ok).toBe(true);
    }
    clock.advance(61_000);
    expect(await send()).toMatchObject({ ok: false, reason: expect.stringContaining('小时级') });
    for (let i = 0; i < 5; i++) {
      clock.advance(3_601_000);
      expect((await send()).ok).toBe(true);
    }
    clock.advance(3_601_000);
    expect(await send()).toMatchObject({ ok: false, reason: expect.stringContaining('天级') });
    expect(emu.messages('13900139000')).toHaveLength(10);
    expect((await c.sms('13900139001', 'SMS_1', { orderId: 'a' })).ok).toBe(true);
  });

  it('retries what the fault plan breaks and never logs the secret or the full number', async () => {
    const c = client();
    emu.fail({ kind: 'http5xx', count: 1 });
    emu.fail({ kind: 'busy', count: 1 });
    expect(await c.sms('13800138000', 'SMS_1', { orderId: 'a' })).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(await c.sms('13800138000', 'SMS_1', { orderId: 'a' })).toMatchObject({
      ok: false,
      retryable: true,
    });
    emu.fail({ kind: 'timeout', count: 1 });
    const short = createAliyunSms({
      config: {
        provider: 'aliyun',
        apiBase: emu.url,
        accessKeyId: 'LTAIid',
        accessKeySecret: SECRET,
        signName: '订单守望',
      },
      clock,
      log: capturedLogger().log,
      timeoutMs: 200,
    });
    expect(await short.sms('13800138000', 'SMS_1', { orderId: 'a' })).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect((await c.sms('13800138000', 'SMS_1', { orderId: 'a' })).ok).toBe(true);
    expect(c.logs()).toContain('138****8000');
    expect(c.logs()).not.toContain('13800138000');
    expect(c.logs()).not.toContain(SECRET);
  });

  it('refuses a replayed nonce', async () => {
    const c = createAliyunSms({
      config: {
        provider: 'aliyun',
        apiBase: emu.url,
        accessKeyId: 'LTAIid',
        accessKeySecret: SECRET,
        signName: '订单守望',
      },
      clock,
      log: capturedLogger().log,
      nonce: () => 'same-nonce',
    });
    expect((await c.sms('13800138000', 'SMS_1', { orderId: 'a' })).ok).toBe(true);
    const again = await c.sms('13700137000', 'SMS_1', { orderId: 'a' });
    expect(!again.ok && again.reason).toContain('SignatureNonceUsed');
  });
});
