import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, SECRET, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ invalidNumbers: ['13000000000'] });
});
afterAll(() => h.close());
beforeEach(() => {
  // Each test starts a day later at 10:00 Shanghai, so per-number windows and quiet hours start clean.
  h.clock.advance(86_400_000);
  h.emu.reset();
});

const codes = (phone: string) => h.emu.messages(phone).map((m) => m.templateCode);
const pumpLater = async (ms = 120_000) => {
  await h.customers.pump();
  h.clock.advance(ms);
};

describe('customer notices end to end', () => {
  it('sends exactly one message per notified status when scans arrive twice and out of order', async () => {
    await h.order('TB-SCAN-1', '13800138000');
    const steps: [string, string][] = [
      ['collected', '10:00'],
      ['collected', '10:00'],
      ['out_for_delivery', '15:00'],
      ['in_transit', '12:00'],
      ['out_for_delivery', '15:00'],
      ['in_transit', '12:00'],
      ['delivered', '17:00'],
      ['collected', '10:00'],
      ['delivered', '17:00'],
    ];
    for (const [status, time] of steps) {
      await h.scan('TB-SCAN-1', status, `2026-11-22T${time}:00+08:00`);
      await pumpLater();
    }
    await pumpLater();
    expect(codes('13800138000')).toEqual(['SMS_OW_COLLECTED', 'SMS_OW_OUT_FOR_DELIVERY', 'SMS_OW_DELIVERED']);
    expect(h.emu.messages('13800138000')[0]!.text).toBe(
      '您的订单TB-SCAN-1已由顺丰揽收，运单号SFTB-SCAN-1，我们会持续关注物流进度。',
    );
    const list = await h.customers.list({ externalId: 'TB-SCAN-1' });
    expect(list.map((n) => [n.kind, n.status, n.channel])).toEqual([
      ['delivered', 'sent', 'sms'],
      ['out_for_delivery', 'sent', 'sms'],
      ['collected', 'sent', 'sms'],
    ]);
  });

  it('sends only the newest stage when several scans arrive before a pump', async () => {
    await h.order('TB-BATCH-1', '13800138002');
    await h.scan('TB-BATCH-1', 'collected', '2026-11-22T10:00:00+08:00');
    await h.scan('TB-BATCH-1', 'out_for_delivery', '2026-11-22T15:00:00+08:00');
    await pumpLater();
    await pumpLater();
    expect(codes('13800138002')).toEqual(['SMS_OW_OUT_FOR_DELIVERY']);
    const collected = (await h.customers.list({ externalId: 'TB-BATCH-1' })).find(
      (n) => n.kind === 'collected',
    );
    expect(collected).toMatchObject({ status: 'skipped', reason: 'superseded' });
  });

  it('holds a message due at 23:30 until 08:00', async () => {
    h.clock.set('2026-11-30T15:30:00Z'); // 23:30 in Shanghai
    await h.order('TB-NIGHT-1', '13800138003');
    await h.scan('TB-NIGHT-1', 'collected', '2026-11-30T23:20:00+08:00');
    await h.customers.pump();
    const [notice] = await h.customers.list({ externalId: 'TB-NIGHT-1' });
    expect(notice).toMatchObject({ status: 'pending', sendAt: '2026-12-01T00:00:00.000Z' });
    h.clock.set('2026-11-30T23:59:00Z'); // 07:59
    await h.customers.pump();
    expect(h.emu.messages('13800138003')).toHaveLength(0);
    h.clock.set('2026-12-01T00:00:00Z'); // 08:00
    await h.customers.pump();
    expect(h.emu.messages('13800138003').map((m) => new Date(m.at).toISOString())).toEqual([
      '2026-12-01T00:00:00.000Z',
    ]);
  });

  it('sends nothing to a customer who opted out, before or after the notice was due', async () => {
    await h.customers.optOut('+86 138 0013 8004');
    await h.order('TB-OPT-1', '13800138004');
    await h.scan('TB-OPT-1', 'collected', '2026-11-22T10:00:00+08:00');
    await h.order('TB-OPT-2', '13800138005');
    await h.scan('TB-OPT-2', 'collected', '2026-11-22T10:00:00+08:00');
    await h.customers.optOut('13800138005');
    await pumpLater();
    expect(h.emu.messages()).toHaveLength(0);
    const reasons = [
      ...(await h.customers.list({ externalId: 'TB-OPT-1' })),
      ...(await h.customers.list({ externalId: 'TB-OPT-2' })),
    ];
    expect(reasons.map((n) => [n.status, n.reason])).toEqual([
      ['skipped', 'opted_out'],
      ['skipped', 'opted_out'],
    ]);
    await h.customers.optIn('13800138005');
  });

  it('retries a failed send (5xx, then rate limit) and shows it in stats until it goes', async () => {
    await h.order('TB-RETRY-1', '13800138006');
    await h.scan('TB-RETRY-1', 'collected', '2026-11-22T10:00:00+08:00');
    h.emu.fail({ kind: 'http5xx', count: 1 });
    h.emu.fail({ kind: 'throttle', count: 1 });
    const before = await h.customers.stats();
    await pumpLater(5_000); // 502
    let [n] = await h.customers.list({ externalId: 'TB-RETRY-1' });
    expect(n).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('HTTP 502'),
    });
    expect((await h.customers.stats()).pending).toBe(before.pending);
    await pumpLater(10_000); // backoff (5 s) passed: the throttle
    [n] = await h.customers.list({ externalId: 'TB-RETRY-1' });
    expect(n).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastError: expect.stringContaining('BUSINESS_LIMIT_CONTROL'),
    });
    await pumpLater(10_000); // still inside the 60 s a rate limit asks for
    expect(h.emu.messages('13800138006')).toHaveLength(0);
    h.clock.advance(60_000);
    await h.customers.pump();
    [n] = await h.customers.list({ externalId: 'TB-RETRY-1' });
    expect(n).toMatchObject({ status: 'sent', attempts: 3 });
    expect(h.emu.messages('13800138006')).toHaveLength(1);
  });

  it('reports an invalid number once and does not retry it', async () => {
    await h.order('TB-BAD-1', '13000000000');
    await h.scan('TB-BAD-1', 'collected', '2026-11-22T10:00:00+08:00');
    for (let i = 0; i < 3; i++) await pumpLater(3_600_000);
    const [n] = await h.customers.list({ externalId: 'TB-BAD-1' });
    expect(n).toMatchObject({ status: 'failed', reason: 'invalid_number', attempts: 1 });
    expect(h.emu.requests().length).toBe(1);
    expect((await h.customers.stats()).failed).toBeGreaterThanOrEqual(1);
  });

  it('sends the remote-region and delay notices once each', async () => {
    const remote = {
      address: {
        province: '新疆维吾尔自治区',
        city: '乌鲁木齐市',
        district: '天山区',
        detail: '解放路 1 号',
      },
    };
    await h.order('TB-XJ-1', '13800138007', remote);
    const [row] = await h.db.pool
      .query<{ id: string }>(`SELECT id FROM orders WHERE external_id = 'TB-XJ-1'`)
      .then((r) => r.rows);
    expect(await h.customers.requestDelayNotice(row!.id)).toBe('created');
    expect(await h.customers.requestDelayNotice(row!.id)).toBe('exists');
    await h.customers.onOrdersChanged([row!.id, row!.id]);
    await pumpLater();
    await pumpLater();
    await pumpLater();
    expect(codes('13800138007').sort()).toEqual(['SMS_OW_DELAY', 'SMS_OW_REMOTE_REGION']);
    const texts = h.emu
      .messages('13800138007')
      .map((m) => m.text)
      .join('\n');
    expect(texts).toContain('略有延迟，我们将优先处理');
    expect(texts).toContain('将发往新疆维吾尔自治区');
    expect(texts).not.toContain('解放路');
  });

  it('never writes a raw phone number or the secret into the logs', () => {
    const logs = h.logs();
    expect(logs).toContain('138****8000');
    for (const raw of ['13800138000', '13800138006', '13000000000', SECRET]) expect(logs).not.toContain(raw);
  });
});
