import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadNoticeTemplates } from '../../../src/customers/render.js';
import { sendOne, smsNumber, type SendContext } from '../../../src/customers/send-one.js';
import type { ChannelResult, CustomerChannel } from '../../../src/customers/types.js';
import { DEFAULT_SMS_TEMPLATE_CODES } from '../../../src/customers/views.js';
import { createLogger } from '../../../src/lib/logger.js';
import type { ChosenNotice } from '../../../src/store/customer-store.js';

const NOW = new Date('2026-11-22T12:00:00+08:00');
const templates = loadNoticeTemplates('templates/customer');

function context(result: ChannelResult | Error) {
  let logs = '';
  const calls: unknown[][] = [];
  const reply = async (...args: unknown[]) => {
    calls.push(args);
    if (result instanceof Error) throw result;
    return result;
  };
  const channel: CustomerChannel = { sms: (...a) => reply(...a), kf: (...a) => reply(...a) };
  const sink = new Writable({ write: (c, _e, done) => void ((logs += String(c)), done()) });
  const ctx: SendContext = {
    channel,
    templates,
    templateCodes: DEFAULT_SMS_TEMPLATE_CODES,
    retry: { baseMs: 1000, capMs: 60_000, maxAttempts: 3 },
    quietHours: { startHour: 22, endHour: 8 },
    log: createLogger('debug', sink),
    random: () => 1,
  };
  return { ctx, calls, logs: () => logs };
}

const notice = (over: Partial<ChosenNotice> = {}): ChosenNotice => ({
  id: '6f1c1e3a-0000-4000-8000-000000000001',
  orderId: 'o1',
  kind: 'collected',
  attempts: 0,
  attempt: 1,
  phone: '+86 138-0013-8000',
  phoneHash: 'h',
  orderChannel: 'taobao',
  externalId: 'TB1',
  carrier: '顺丰',
  trackingNo: 'SF1',
  province: '浙江省',
  channel: 'sms',
  ...over,
});

describe('sending one notice', () => {
  it('sends SMS with the template code and params and records the text', async () => {
    const { ctx, calls, logs } = context({ ok: true, ref: { bizId: 'B1' } });
    const r = await sendOne(ctx, notice(), () => NOW);
    expect(calls[0]).toEqual([
      '13800138000',
      'SMS_OW_COLLECTED',
      { orderId: 'TB1', carrier: '顺丰', trackingNo: 'SF1' },
    ]);
    expect(r).toMatchObject({ status: 'sent', ref: { channel: 'sms', bizId: 'B1' } });
    expect(logs()).toContain('138****8000');
    expect(logs()).not.toContain('13800138000');
  });

  it('sends by KF with the text and a 32-character msgid when KF was chosen', async () => {
    const { ctx, calls } = context({ ok: true, ref: { msgid: 'm' } });
    const kf = { openKfid: 'wk', externalUserId: 'wm' };
    await sendOne(ctx, notice({ channel: 'kf', kf }), () => NOW);
    expect(calls[0]![0]).toEqual(kf);
    expect(String(calls[0]![1])).toContain('已由顺丰揽收');
    expect(calls[0]![2]).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ['an invalid number', 'failed', { ok: false, retryable: false, invalidNumber: true, reason: 'x' }, 1],
    ['a rejected template', 'failed', { ok: false, retryable: false, reason: 'x' }, 1],
    ['a rate limit', 'retry', { ok: false, retryable: true, retryAfterMs: 60_000, reason: 'x' }, 1],
    ['a 5xx on the last attempt', 'dead', { ok: false, retryable: true, reason: 'x' }, 3],
  ] as const)('records %s as %s', async (_name, expected, result, attempt) => {
    const { ctx } = context(result as ChannelResult);
    const r = await sendOne(ctx, notice({ attempt }), () => NOW);
    expect(r.status).toBe(expected);
    if (r.status === 'failed' && 'invalidNumber' in result) expect(r.reason).toBe('invalid_number');
    if (r.status === 'retry') expect(r.nextAttemptAt.getTime()).toBe(NOW.getTime() + 60_000);
  });

  it('retries a channel that throws', async () => {
    const { ctx } = context(new Error('boom'));
    expect((await sendOne(ctx, notice(), () => NOW)).status).toBe('retry');
  });

  it('holds a retry that would land in quiet hours until 08:00', async () => {
    const { ctx } = context({ ok: false, retryable: true, retryAfterMs: 3600_000, reason: 'x' });
    const r = await sendOne(ctx, notice(), () => new Date('2026-11-22T21:30:00+08:00'));
    expect(r.status === 'retry' && r.nextAttemptAt.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('hands a closed KF window back to SMS at once', async () => {
    const { ctx } = context({ ok: false, retryable: true, kfClosed: true, reason: 'x' });
    const kf = { openKfid: 'wk', externalUserId: 'wm' };
    expect(await sendOne(ctx, notice({ channel: 'kf', kf }), () => NOW)).toMatchObject({
      status: 'retry',
      closeKf: kf,
    });
  });

  it('reports a landline or garbage as invalid_number without calling the provider', async () => {
    const { ctx, calls } = context({ ok: true, ref: {} });
    expect(await sendOne(ctx, notice({ phone: '0571-88886666' }), () => NOW)).toMatchObject({
      status: 'failed',
      reason: 'invalid_number',
    });
    expect(calls).toHaveLength(0);
    expect(smsNumber('+852 6123 4567')).toBe('85261234567');
    expect(smsNumber('12345')).toBeNull();
  });
});
