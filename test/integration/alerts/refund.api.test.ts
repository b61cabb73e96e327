// refund_approval through the API: every refund request at or above refunds.approval_required_from
// (default 0: every refund) waits for approval; from 2000.00 it needs a second approver (critical).
// The clock starts at 2026-11-22T12:00:00Z = 20:00 Asia/Shanghai; times below are Shanghai wall times.
import { describe, expect, it } from 'vitest';
import { event, expectReopened, order, useAlertApi } from './alerts-api.js';

const api = useAlertApi();
const RULE = 'refund_approval';

const paid = (externalId: string, extra: Record<string, unknown> = {}) =>
  order({
    externalId,
    status: 'paid',
    amount: '3000.00',
    items: [{ sku: 'SKU-9', name: '羽绒服', qty: 1, price: '3000.00' }],
    createdAt: '2026-11-22T08:00:00+08:00',
    paidAt: '2026-11-22T08:01:00+08:00',
    promisedShipAt: '2026-11-24T18:00:00+08:00',
    ...extra,
  });
const refund = (externalId: string, refundId: string, amount: string, at: string, extra = {}) =>
  event(externalId, 'refund_requested', at, { refundId, amount, reason: '尺码不合适' }, extra);
const cancelRefund = (externalId: string, refundId: string, at: string) =>
  event(externalId, 'refund_cancelled', at, { refundId });

describe('refund_approval', () => {
  it('every refund needs approval: warning at 1999.99, critical (two approvers) from 2000.00', async () => {
    const small = api.id('REFUND');
    const below = api.id('REFUND');
    const at = api.id('REFUND');
    await api.orders(paid(small), paid(below), paid(at));
    await api.events(
      refund(small, 'RF1', '0.01', '2026-11-22T19:00:00+08:00'),
      refund(below, 'RF1', '1999.99', '2026-11-22T19:00:00+08:00'),
      refund(at, 'RF1', '2000.00', '2026-11-22T19:00:00+08:00'),
    );
    const s = await api.only(small, RULE);
    expect(s).toMatchObject({ rule: RULE, kind: 'refund', severity: 'warning', state: 'open' });
    expect(s.details).toMatchObject({
      refundId: 'RF1',
      amountFen: 1,
      secondApprover: false,
      pendingRefunds: 1,
    });
    expect(await api.only(below, RULE)).toMatchObject({
      severity: 'warning',
      details: { amountFen: 199_999 },
    });
    const c = await api.only(at, RULE);
    expect(c).toMatchObject({ severity: 'critical', details: { amountFen: 200_000, secondApprover: true } });
    expect(c.summary).toMatch(/two approvals/);
  });

  it('resolves with "refund cancelled"; a duplicate request stays one alert; a later refund opens a NEW alert', async () => {
    const id = api.id('REFUND');
    await api.orders(paid(id));
    const req = refund(id, 'RF1', '100.00', '2026-11-22T19:00:00+08:00', { eventId: `${id}-rf1` });
    await api.events(req);
    const [dup] = await api.events(req);
    expect(dup?.duplicate).toBe(true);
    const first = await api.only(id, RULE);
    expect(first.details).toMatchObject({ pendingRefunds: 1 });

    await api.events(cancelRefund(id, 'RF1', '2026-11-22T19:10:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({
      id: first.id,
      state: 'resolved',
      resolveReason: 'refund cancelled',
    });

    await api.events(refund(id, 'RF2', '50.00', '2026-11-22T19:30:00+08:00'));
    const again = expectReopened(await api.alertsOf(id, RULE), first);
    expect(again.details).toMatchObject({ refundId: 'RF2', amountFen: 5_000, pendingRefunds: 1 });
  });

  it('the latest pending refund sets the severity; cancelling it steps the same alert back to warning', async () => {
    const id = api.id('REFUND');
    await api.orders(paid(id));
    await api.events(refund(id, 'RF1', '100.00', '2026-11-22T19:00:00+08:00'));
    const open = await api.only(id, RULE);
    await api.events(refund(id, 'RF2', '2500.00', '2026-11-22T19:05:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({
      id: open.id,
      severity: 'critical',
      details: { refundId: 'RF2', pendingRefunds: 2 },
    });
    await api.events(cancelRefund(id, 'RF2', '2026-11-22T19:06:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({
      id: open.id,
      state: 'open',
      severity: 'warning',
      details: { refundId: 'RF1', pendingRefunds: 1 },
    });
    expect((await api.history(open.id)).map((h) => h.change)).toEqual(['opened', 'severity', 'severity']);
  });

  it('out of order: a cancellation posted before its request opens nothing', async () => {
    const id = api.id('REFUND');
    await api.orders(paid(id));
    await api.events(cancelRefund(id, 'RF1', '2026-11-22T19:10:00+08:00'));
    await api.events(refund(id, 'RF1', '100.00', '2026-11-22T19:00:00+08:00'));
    expect(await api.alertsOf(id, RULE)).toEqual([]);
  });

  it('delivered orders still need approval; cancelling the order resolves it with "order cancelled"', async () => {
    const delivered = api.id('REFUND');
    await api.orders(paid(delivered));
    await api.events(
      event(delivered, 'shipped', '2026-11-22T09:00:00+08:00', { trackingNo: 'SF9', carrier: '顺丰' }),
      event(delivered, 'logistics', '2026-11-22T18:00:00+08:00', {
        status: 'delivered',
        description: '签收',
      }),
    );
    await api.events(refund(delivered, 'RF1', '300.00', '2026-11-22T19:30:00+08:00'));
    expect(await api.only(delivered, RULE)).toMatchObject({ state: 'open', severity: 'warning' });

    const cancelled = api.id('REFUND');
    await api.orders(paid(cancelled));
    await api.events(refund(cancelled, 'RF1', '3000.00', '2026-11-22T19:00:00+08:00'));
    expect(await api.only(cancelled, RULE)).toMatchObject({ severity: 'critical' });
    await api.events(event(cancelled, 'cancelled', '2026-11-22T19:20:00+08:00', { reason: '全额退款' }));
    expect(await api.only(cancelled, RULE)).toMatchObject({
      state: 'resolved',
      resolveReason: 'order cancelled',
    });
  });
});
