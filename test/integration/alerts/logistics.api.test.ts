// logistics_no_pickup, logistics_no_update, logistics_exception, logistics_remote_region through the API.
// The clock starts at 2026-11-22T12:00:00Z = 20:00 Asia/Shanghai; times below are Shanghai wall times.
import { describe, expect, it } from 'vitest';
import { HOUR, SECOND, event, expectReopened, order, useAlertApi } from './alerts-api.js';

const api = useAlertApi();

/** A paid order created two days before the clock's start, far from its ship promise. */
const paidOrder = (externalId: string, extra: Record<string, unknown> = {}) =>
  order({
    externalId,
    status: 'paid',
    createdAt: '2026-11-19T08:00:00+08:00',
    paidAt: '2026-11-19T08:01:00+08:00',
    promisedShipAt: '2026-11-30T18:00:00+08:00',
    ...extra,
  });
const shipped = (externalId: string, at: string) =>
  event(externalId, 'shipped', at, { trackingNo: `SF${externalId}`, carrier: '顺丰' });
const scan = (externalId: string, status: string, at: string, extra: Record<string, unknown> = {}) =>
  event(externalId, 'logistics', at, { status, description: `${status} 扫描` }, extra);

describe('logistics_no_pickup (shipped, no collected scan within 24 h)', () => {
  const RULE = 'logistics_no_pickup';

  it('stays quiet 1 s below 24 h after shipping, warns at exactly 24 h, and a collected scan resolves it', async () => {
    const id = api.id('NOPICKUP');
    await api.orders(paidOrder(id));
    await api.events(shipped(id, '2026-11-21T20:00:01+08:00')); // 23 h 59 min 59 s before 20:00
    expect(await api.alertsOf(id, RULE)).toEqual([]);
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toEqual([]);

    api.clock.advance(1 * SECOND);
    await api.sweep();
    const open = await api.only(id, RULE);
    expect(open).toMatchObject({ rule: RULE, kind: 'logistics', severity: 'warning', state: 'open' });
    expect(open.details).toMatchObject({
      shippedAt: '2026-11-21T12:00:01.000Z',
      minutesSinceShipped: 1440,
      carrier: '顺丰',
      trackingNo: `SF${id}`,
    });

    api.clock.advance(1 * HOUR);
    await api.events(scan(id, 'collected', '2026-11-22T21:00:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({
      id: open.id,
      state: 'resolved',
      resolveReason: 'carrier scan: collected',
    });
    api.clock.advance(2 * HOUR);
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toHaveLength(1);
  });

  it('a duplicate shipped event opens no second alert', async () => {
    const id = api.id('NOPICKUP');
    await api.orders(paidOrder(id));
    const ship = shipped(id, '2026-11-21T12:00:00+08:00'); // 32 h ago: fires straight from ingest
    await api.events(ship);
    const open = await api.only(id, RULE);
    const [dup] = await api.events(ship);
    expect(dup?.duplicate).toBe(true);
    await api.sweep();
    expect(await api.only(id, RULE)).toMatchObject({ id: open.id, state: 'open' });
  });

  it('out of order: a collected scan posted before the shipped event means no alert at all', async () => {
    const id = api.id('NOPICKUP');
    await api.orders(paidOrder(id));
    await api.events(scan(id, 'collected', '2026-11-21T13:00:00+08:00'));
    await api.events(shipped(id, '2026-11-21T12:00:00+08:00'));
    expect((await api.order(id)).order.status).toBe('shipped');
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toEqual([]);
  });

  it('resolves with "order cancelled" when a shipped order is cancelled (intercepted)', async () => {
    const id = api.id('NOPICKUP');
    await api.orders(paidOrder(id));
    await api.events(shipped(id, '2026-11-21T12:00:00+08:00'));
    await api.only(id, RULE);
    await api.events(event(id, 'cancelled', '2026-11-22T19:00:00+08:00', { reason: '拦截' }));
    expect(await api.only(id, RULE)).toMatchObject({ state: 'resolved', resolveReason: 'order cancelled' });
  });
});

describe('logistics_no_update (last scan older than 48 h, not delivered)', () => {
  const RULE = 'logistics_no_update';

  it('stays quiet 1 s below 48 h, warns at 48 h, resolves on a new scan, and going quiet again opens a NEW alert', async () => {
    const id = api.id('NOUPDATE');
    await api.orders(paidOrder(id));
    await api.events(shipped(id, '2026-11-20T18:00:00+08:00'));
    await api.events(scan(id, 'collected', '2026-11-20T20:00:01+08:00')); // 47 h 59 min 59 s ago
    expect(await api.alertsOf(id, RULE)).toEqual([]);
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toEqual([]);

    api.clock.advance(1 * SECOND);
    await api.sweep();
    const first = await api.only(id, RULE);
    expect(first).toMatchObject({ rule: RULE, kind: 'logistics', severity: 'warning', state: 'open' });
    expect(first.details).toMatchObject({ lastScanStatus: 'collected', minutesSinceScan: 2880 });

    await api.events(scan(id, 'in_transit', '2026-11-22T20:00:01+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({
      id: first.id,
      state: 'resolved',
      resolveReason: 'carrier scan: in_transit',
    });

    api.clock.advance(48 * HOUR);
    await api.sweep();
    const again = expectReopened(await api.alertsOf(id, RULE), first);
    expect(again).toMatchObject({ severity: 'warning', details: { lastScanStatus: 'in_transit' } });
  });

  it('a scan reported with an older time does not count as an update; a duplicate scan is accepted once', async () => {
    const id = api.id('NOUPDATE');
    await api.orders(paidOrder(id));
    await api.events(shipped(id, '2026-11-19T10:00:00+08:00'));
    const collected = scan(id, 'collected', '2026-11-19T12:00:00+08:00', { eventId: `${id}-c` });
    await api.events(collected); // ~80 h ago: fires straight from ingest
    const open = await api.only(id, RULE);

    await api.events(scan(id, 'in_transit', '2026-11-19T11:00:00+08:00'));
    const [dup] = await api.events(collected);
    expect(dup?.duplicate).toBe(true);
    await api.sweep();
    expect(await api.only(id, RULE)).toMatchObject({ id: open.id, state: 'open' });
  });

  it('resolves with the carrier scan when the parcel is delivered', async () => {
    const id = api.id('NOUPDATE');
    await api.orders(paidOrder(id));
    await api.events(
      shipped(id, '2026-11-19T10:00:00+08:00'),
      scan(id, 'collected', '2026-11-19T12:00:00+08:00'),
    );
    const open = await api.only(id, RULE);
    await api.events(scan(id, 'delivered', '2026-11-22T19:00:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({
      id: open.id,
      state: 'resolved',
      resolveReason: 'carrier scan: delivered',
    });
    expect((await api.order(id)).order.status).toBe('delivered');
  });
});

describe('logistics_exception (the latest scan is an exception)', () => {
  const RULE = 'logistics_exception';

  it('quiet for normal scans; an exception opens a critical alert at once; a later scan resolves it; a new exception opens a NEW alert', async () => {
    const id = api.id('EXCEPTION');
    await api.orders(paidOrder(id));
    await api.events(
      shipped(id, '2026-11-22T10:00:00+08:00'),
      scan(id, 'collected', '2026-11-22T12:00:00+08:00'),
    );
    expect(await api.alertsOf(id, RULE)).toEqual([]);

    await api.events(scan(id, 'exception', '2026-11-22T18:00:00+08:00'));
    const first = await api.only(id, RULE);
    expect(first).toMatchObject({ rule: RULE, kind: 'logistics', severity: 'critical', state: 'open' });
    expect(first.details).toMatchObject({ exceptionAt: '2026-11-22T10:00:00.000Z', carrier: '顺丰' });

    await api.events(scan(id, 'in_transit', '2026-11-22T19:00:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({
      id: first.id,
      state: 'resolved',
      resolveReason: 'carrier scan: in_transit',
    });

    await api.events(scan(id, 'exception', '2026-11-22T19:30:00+08:00'));
    expect(expectReopened(await api.alertsOf(id, RULE), first).severity).toBe('critical');
  });

  it('an older scan arriving after the exception does not clear it; a duplicate exception opens nothing', async () => {
    const id = api.id('EXCEPTION');
    await api.orders(paidOrder(id));
    await api.events(shipped(id, '2026-11-22T10:00:00+08:00'));
    const exception = scan(id, 'exception', '2026-11-22T18:00:00+08:00', { eventId: `${id}-x` });
    await api.events(exception);
    const open = await api.only(id, RULE);

    await api.events(scan(id, 'in_transit', '2026-11-22T17:00:00+08:00'));
    const [dup] = await api.events(exception);
    expect(dup?.duplicate).toBe(true);
    expect(await api.only(id, RULE)).toMatchObject({ id: open.id, state: 'open' });
  });

  it('out of order: an exception scan posted before the shipped event fires once the order is shipped', async () => {
    const id = api.id('EXCEPTION');
    await api.orders(paidOrder(id));
    await api.events(scan(id, 'exception', '2026-11-22T18:00:00+08:00'));
    expect(await api.alertsOf(id, RULE)).toEqual([]); // not shipped yet

    await api.events(shipped(id, '2026-11-22T10:00:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({ severity: 'critical', state: 'open' });
  });

  it('resolves with "order cancelled" when the order is cancelled', async () => {
    const id = api.id('EXCEPTION');
    await api.orders(paidOrder(id));
    await api.events(
      shipped(id, '2026-11-22T10:00:00+08:00'),
      scan(id, 'exception', '2026-11-22T18:00:00+08:00'),
    );
    await api.only(id, RULE);
    await api.events(event(id, 'cancelled', '2026-11-22T19:00:00+08:00', { reason: '破损退回' }));
    expect(await api.only(id, RULE)).toMatchObject({ state: 'resolved', resolveReason: 'order cancelled' });
  });
});

describe('logistics_remote_region (新疆 / 西藏 / 青海: info alert and customer notice)', () => {
  const RULE = 'logistics_remote_region';
  const address = (province: string, city: string) => ({
    province,
    city,
    district: '',
    detail: '人民路 1 号',
  });

  it('opens an info alert with a customer notice for 新疆维吾尔自治区, and stays quiet next door in 甘肃省', async () => {
    const remote = api.id('REMOTE');
    const near = api.id('REMOTE');
    await api.orders(
      paidOrder(remote, { address: address('新疆维吾尔自治区', '乌鲁木齐市') }),
      paidOrder(near, { address: address('甘肃省', '兰州市') }),
    );
    const open = await api.only(remote, RULE);
    expect(open).toMatchObject({ rule: RULE, kind: 'logistics', severity: 'info', state: 'open' });
    expect(open.details).toMatchObject({
      region: '新疆',
      province: '新疆维吾尔自治区',
      customer_notice: true,
    });
    expect(await api.alertsOf(near, RULE)).toEqual([]);
  });

  it('waits for payment: an unpaid order in 西藏 is quiet, its paid event opens the alert (once, however often it arrives)', async () => {
    const id = api.id('REMOTE');
    await api.orders(
      paidOrder(id, { status: 'created', paidAt: null, address: address('西藏自治区', '拉萨市') }),
    );
    expect(await api.alertsOf(id, RULE)).toEqual([]);
    const paid = event(id, 'paid', '2026-11-22T19:00:00+08:00');
    await api.events(paid);
    await api.events(paid);
    expect(await api.only(id, RULE)).toMatchObject({ state: 'open', severity: 'info' });
  });

  it('resolves when the address moves out of the region, ignores a stale change, and moving back opens a NEW alert', async () => {
    const id = api.id('REMOTE');
    await api.orders(paidOrder(id, { address: address('青海省', '西宁市') })); // address as of 11-19 08:01
    const first = await api.only(id, RULE);

    const zhejiang = { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路 969 号' };
    await api.events(event(id, 'address_changed', '2026-11-19T07:00:00+08:00', { address: zhejiang }));
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'open' });

    await api.events(event(id, 'address_changed', '2026-11-22T09:00:00+08:00', { address: zhejiang }));
    const resolved = await api.only(id, RULE);
    expect(resolved).toMatchObject({ id: first.id, state: 'resolved' });
    expect(resolved.resolveReason).toMatch(/cleared/);

    await api.events(
      event(id, 'address_changed', '2026-11-22T10:00:00+08:00', { address: address('青海省', '海东市') }),
    );
    expect(expectReopened(await api.alertsOf(id, RULE), first).details).toMatchObject({ province: '青海省' });
  });

  it('resolves when the parcel is delivered', async () => {
    const id = api.id('REMOTE');
    await api.orders(paidOrder(id, { address: address('新疆维吾尔自治区', '喀什地区') }));
    await api.events(shipped(id, '2026-11-20T10:00:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({ state: 'open' }); // still in flight when shipped
    await api.events(scan(id, 'delivered', '2026-11-22T18:00:00+08:00'));
    expect(await api.only(id, RULE)).toMatchObject({
      state: 'resolved',
      resolveReason: 'order delivered',
    });
  });
});
