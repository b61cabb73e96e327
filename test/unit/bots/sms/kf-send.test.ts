import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWecomEmulator, type WecomEmulator } from '../../../../bots/sandbox/wecom/index.js';
import { createKfSender } from '../../../../bots/sms/kf-send.js';
import { createWecomHttp } from '../../../../bots/wecom/http.js';
import { fakeClock } from '../../../../src/lib/clock.js';
import { capturedLogger } from '../../../contract/harness.js';

const clock = fakeClock('2026-11-22T04:00:00Z');
let emu: WecomEmulator;
beforeAll(async () => {
  emu = await startWecomEmulator({
    corpId: 'ww1',
    corpSecret: 'kf-secret-value',
    agentId: 1000002,
    users: [],
    webhookKeys: {},
    kf: { openKfid: ['wkKF1'] },
    now: () => clock.now().getTime(),
  });
});
afterAll(() => emu.close());

describe('微信客服 sender', () => {
  it('sends up to 5 messages after the customer writes, then hands the notice back to SMS', async () => {
    const { log, text } = capturedLogger();
    const http = createWecomHttp({ apiBase: emu.url, fetch, timeoutMs: 2000 });
    const kf = createKfSender({ http, corpId: 'ww1', secret: 'kf-secret-value', clock, log });
    const target = { openKfid: 'wkKF1', externalUserId: 'wmCustomer' };
    expect(await kf(target, '您的订单TB1已签收', 'a'.repeat(40))).toMatchObject({
      ok: false,
      kfClosed: true,
    });
    emu.customerWrites('wkKF1', 'wmCustomer');
    for (let i = 0; i < 5; i++) expect((await kf(target, `消息${i}`, `m${i}`)).ok).toBe(true);
    expect(await kf(target, '第六条', 'm6')).toMatchObject({ ok: false, retryable: true, kfClosed: true });
    expect(emu.kfMessages().map((m) => m.body.msgid)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(text()).not.toContain('kf-secret-value');
  });
});
