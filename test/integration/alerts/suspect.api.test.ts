// The suspect rules through the API: phone velocity, recipient per Shanghai day, early refund, vague
// address, cross-channel duplicate, test order. All are event-driven (no sweep needed to fire).
// The clock starts at 2026-11-22T12:00:00Z = 20:00 Asia/Shanghai; times below are Shanghai wall times.
import { describe, expect, it } from 'vitest';
import { event, expectReopened, order, useAlertApi } from './alerts-api.js';

const api = useAlertApi();

const plusMinute = (iso: string) => new Date(new Date(iso).getTime() + 60_000).toISOString();

/** A paid order (paid a minute after creation) with its own phone and the given creation time. */
const placed = (externalId: string, phone: string, createdAt: string, extra: Record<string, unknown> = {}) =>
  order({
    externalId,
    status: 'paid',
    buyer: { name: '王五', phone },
    createdAt,
    paidAt: plusMinute(createdAt),
    promisedShipAt: '2026-11-30T18:00:00+08:00',
    ...extra,
  });

describe('suspect_phone_velocity (≥ 5 orders from one buyer phone within 24 h)', () => {
  const RULE = 'suspect_phone_velocity';

  it('stays quiet at 4 orders in the window (one exactly 24 h earlier is outside), fires on the 5th in it', async () => {
    const phone = api.phone();
    const ids = Array.from({ length: 6 }, () => api.id('VELO'));
    await api.orders(
      placed(ids[0]!, phone, '2026-11-21T10:00:00+08:00'), // exactly 24 h before ids[4]
      placed(ids[1]!, phone, '2026-11-21T12:00:00+08:00'),
      placed(
        ids[2]!,
        `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
        '2026-11-22T01:00:00+08:00',
      ),
      placed(ids[3]!, phone, '2026-11-22T05:00:00+08:00'),
    );
    await api.orders(placed(ids[4]!, phone, '2026-11-22T10:00:00+08:00'));
    expect((await api.list({ rule: RULE })).alerts).toEqual([]);

    await api.orders(placed(ids[5]!, phone, '2026-11-22T10:30:00+08:00'));
    const alerts = (await api.list({ rule: RULE })).alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      rule: RULE,
      kind: 'suspect',
      severity: 'warning',
      state: 'open',
      order: { channel: 'taobao', externalId: ids[5] },
    });
    expect(alerts[0]!.details).toEqual({ ordersInWindow: 5, windowMs: 86_400_000 });
  });

  it('re-posting the same orders opens no second alert; cancelling the flagged order resolves it', async () => {
    const phone = api.phone();
    const bodies = ['01:00', '02:00', '03:00', '04:00', '05:00'].map((hhmm) =>
      placed(api.id('VELO'), phone, `2026-11-22T${hhmm}:00+08:00`),
    );
    await api.orders(...bodies);
    const flagged = bodies[4]!.externalId as string;
    const open = await api.only(flagged, RULE);

    const again = await api.orders(...bodies);
    expect(again.every((r) => r.unchanged)).toBe(true);
    expect((await api.list({ rule: RULE })).alerts).toHaveLength(1);

    await api.events(event(flagged, 'cancelled', '2026-11-22T19:00:00+08:00', { reason: '风控取消' }));
    expect(await api.only(flagged, RULE)).toMatchObject({
      id: open.id,
      state: 'resolved',
      resolveReason: 'order cancelled',
    });
  });

  it('resolves when the order’s phone is corrected, and opens a NEW alert when it comes back', async () => {
    const phone = api.phone();
    const other = api.phone();
    const times = ['01:00', '02:00', '03:00', '04:00'].map((hhmm) => `2026-11-22T${hhmm}:00+08:00`);
    await api.orders(...times.map((at) => placed(api.id('VELO'), phone, at)));
    const id = api.id('VELO');
    const at = '2026-11-22T05:00:00+08:00';
    await api.orders(placed(id, phone, at, { updatedAt: '2026-11-22T05:01:00+08:00' }));
    const first = await api.only(id, RULE);

    await api.orders(placed(id, other, at, { updatedAt: '2026-11-22T06:00:00+08:00' }));
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });
    await api.orders(placed(id, phone, at, { updatedAt: '2026-11-22T07:00:00+08:00' }));
    expectReopened(await api.alertsOf(id, RULE), first);
  });
});

describe('suspect_recipient_daily (≥ 3 orders to one recipient phone on one Asia/Shanghai day)', () => {
  const RULE = 'suspect_recipient_daily';

  it('counts by the Shanghai calendar day: 23:30 on the 21st plus two on the 22nd stays quiet (same UTC day)', async () => {
    const phone = api.phone();
    await api.orders(
      placed(api.id('DAILY'), phone, '2026-11-21T23:30:00+08:00'), // 15:30Z on the 21st
      placed(api.id('DAILY'), phone, '2026-11-22T01:00:00+08:00'), // 17:00Z on the 21st
    );
    await api.orders(placed(api.id('DAILY'), phone, '2026-11-22T07:00:00+08:00')); // 23:00Z on the 21st
    expect((await api.list({ rule: RULE })).alerts).toEqual([]);
  });

  it('fires on the third order of the Shanghai day even though it falls on another UTC day', async () => {
    const phone = api.phone();
    await api.orders(
      placed(api.id('DAILY'), phone, '2026-11-22T00:30:00+08:00'), // 16:30Z on the 21st
      placed(api.id('DAILY'), phone, '2026-11-22T07:59:00+08:00'), // 23:59Z on the 21st
    );
    expect((await api.list({ rule: RULE })).alerts).toEqual([]);
    const third = api.id('DAILY');
    await api.orders(placed(third, phone, '2026-11-22T08:00:00+08:00')); // 00:00Z on the 22nd
    const open = await api.only(third, RULE);
    expect(open).toMatchObject({ rule: RULE, kind: 'suspect', severity: 'warning', state: 'open' });
    expect(open.details).toEqual({ ordersSameDay: 3, action: 'hold_shipment' });
  });

  it('a re-posted or updated order keeps one alert; cancelling resolves it', async () => {
    const phone = api.phone();
    const ids = [api.id('DAILY'), api.id('DAILY'), api.id('DAILY')];
    const bodies = ids.map((id, i) => placed(id, phone, `2026-11-22T1${i}:00:00+08:00`));
    for (const b of bodies) await api.orders(b);
    const open = await api.only(ids[2]!, RULE);

    await api.orders(bodies[2]!);
    await api.orders({ ...bodies[2]!, remark: '周末送货', updatedAt: '2026-11-22T19:00:00+08:00' });
    expect(await api.only(ids[2]!, RULE)).toMatchObject({ id: open.id, state: 'open' });

    await api.events(event(ids[2]!, 'cancelled', '2026-11-22T19:30:00+08:00', { reason: '重复下单' }));
    expect(await api.only(ids[2]!, RULE)).toMatchObject({
      state: 'resolved',
      resolveReason: 'order cancelled',
    });
  });

  it('resolves when the phone is corrected and opens a NEW alert when it comes back', async () => {
    const phone = api.phone();
    await api.orders(
      placed(api.id('DAILY'), phone, '2026-11-22T09:00:00+08:00'),
      placed(api.id('DAILY'), phone, '2026-11-22T10:00:00+08:00'),
    );
    const id = api.id('DAILY');
    const at = '2026-11-22T11:00:00+08:00';
    await api.orders(placed(id, phone, at, { updatedAt: '2026-11-22T11:01:00+08:00' }));
    const first = await api.only(id, RULE);
    await api.orders(placed(id, api.phone(), at, { updatedAt: '2026-11-22T12:00:00+08:00' }));
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });
    await api.orders(placed(id, phone, at, { updatedAt: '2026-11-22T13:00:00+08:00' }));
    expectReopened(await api.alertsOf(id, RULE), first);
  });
});

describe('suspect_early_refund (refund requested within 10 min of ordering)', () => {
  const RULE = 'suspect_early_refund';
  const created = (externalId: string) =>
    order({
      externalId,
      status: 'paid',
      createdAt: '2026-11-22T19:00:00+08:00',
      paidAt: '2026-11-22T19:00:30+08:00',
      promisedShipAt: '2026-11-24T18:00:00+08:00',
    });
  const refund = (externalId: string, refundId: string, at: string, extra: Record<string, unknown> = {}) =>
    event(externalId, 'refund_requested', at, { refundId, amount: '399.00', reason: '不想要了' }, extra);

  it('fires for a refund exactly 10 min after ordering, and stays quiet at 10 min 1 s', async () => {
    const early = api.id('EARLY');
    const late = api.id('EARLY');
    await api.orders(created(early), created(late));
    await api.events(
      refund(early, 'R1', '2026-11-22T19:10:00+08:00'),
      refund(late, 'R1', '2026-11-22T19:10:01+08:00'),
    );
    const open = await api.only(early, RULE);
    expect(open).toMatchObject({ rule: RULE, kind: 'suspect', severity: 'warning', state: 'open' });
    expect(open.details).toEqual({ refundId: 'R1', secondsAfterOrder: 600, action: 'hold_waybill' });
    expect(await api.alertsOf(late, RULE)).toEqual([]);
  });

  it('resolves when the refund is cancelled; a new early refund opens a NEW alert', async () => {
    const id = api.id('EARLY');
    await api.orders(created(id));
    await api.events(refund(id, 'R1', '2026-11-22T19:02:00+08:00'));
    const first = await api.only(id, RULE);

    await api.events(event(id, 'refund_cancelled', '2026-11-22T19:03:00+08:00', { refundId: 'R1' }));
    const resolved = await api.only(id, RULE);
    expect(resolved).toMatchObject({ id: first.id, state: 'resolved' });
    expect(resolved.resolveReason).toEqual(expect.any(String));

    await api.events(refund(id, 'R2', '2026-11-22T19:05:00+08:00'));
    expect(expectReopened(await api.alertsOf(id, RULE), first).details).toMatchObject({ refundId: 'R2' });
  });

  it('out of order: a cancellation posted before its request opens nothing; a duplicate request opens one alert', async () => {
    const cancelledFirst = api.id('EARLY');
    const dup = api.id('EARLY');
    await api.orders(created(cancelledFirst), created(dup));
    await api.events(
      event(cancelledFirst, 'refund_cancelled', '2026-11-22T19:04:00+08:00', { refundId: 'R1' }),
    );
    await api.events(refund(cancelledFirst, 'R1', '2026-11-22T19:02:00+08:00'));
    expect(await api.alertsOf(cancelledFirst, RULE)).toEqual([]);

    const req = refund(dup, 'R1', '2026-11-22T19:01:00+08:00', { eventId: `${dup}-r1` });
    await api.events(req);
    const [again] = await api.events(req);
    expect(again?.duplicate).toBe(true);
    expect(await api.only(dup, RULE)).toMatchObject({ state: 'open' });
  });

  it('resolves once the order ships (the waybill can no longer be held)', async () => {
    const id = api.id('EARLY');
    await api.orders(created(id));
    await api.events(refund(id, 'R1', '2026-11-22T19:01:00+08:00'));
    await api.events(
      event(id, 'shipped', '2026-11-22T19:30:00+08:00', { trackingNo: 'JD1', carrier: '京东' }),
    );
    const resolved = await api.only(id, RULE);
    expect(resolved.state).toBe('resolved');
    expect(resolved.resolveReason).toMatch(/shipped/);
  });
});

describe('suspect_vague_address (vague words, too short, or missing)', () => {
  const RULE = 'suspect_vague_address';
  const withDetail = (externalId: string, detail: string, extra: Record<string, unknown> = {}) =>
    order({
      externalId,
      status: 'paid',
      createdAt: '2026-11-22T19:00:00+08:00',
      paidAt: '2026-11-22T19:01:00+08:00',
      address: { province: '浙江省', city: '杭州市', district: '西湖区', detail },
      ...extra,
    });

  it('warns on vague words, informs on too short or missing addresses, and is quiet at exactly 5 characters', async () => {
    const vague = api.id('VAGUE');
    const short = api.id('VAGUE');
    const five = api.id('VAGUE');
    const missing = api.id('VAGUE');
    await api.orders(
      withDetail(vague, '人民路小学对面'),
      withDetail(short, '人民路1'),
      withDetail(five, '人民路 1 号'),
      withDetail(missing, 'x', { address: null }),
    );
    const v = await api.only(vague, RULE);
    expect(v).toMatchObject({ rule: RULE, kind: 'suspect', severity: 'warning', state: 'open' });
    expect(v.details).toMatchObject({ matchedWords: ['对面'], tooShort: false, missing: false });
    const s = await api.only(short, RULE);
    expect(s).toMatchObject({ severity: 'info', summary: 'address too short (4 characters)' });
    expect(await api.alertsOf(five, RULE)).toEqual([]);
    const m = await api.only(missing, RULE);
    expect(m).toMatchObject({ severity: 'info', summary: 'address missing' });
    expect(m.details).toMatchObject({ missing: true, length: 0 });
  });

  it('resolves when the address is corrected, ignores an older change, and turning vague again opens a NEW alert', async () => {
    const id = api.id('VAGUE');
    await api.orders(withDetail(id, '火车站附近')); // address as of 19:01
    const first = await api.only(id, RULE);
    const clear = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号 3 幢' };

    await api.events(event(id, 'address_changed', '2026-11-22T18:00:00+08:00', { address: clear }));
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'open' });

    await api.events(event(id, 'address_changed', '2026-11-22T19:30:00+08:00', { address: clear }));
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });

    await api.events(
      event(id, 'address_changed', '2026-11-22T19:45:00+08:00', {
        address: { ...clear, detail: '大概在西湖旁边' },
      }),
    );
    const again = expectReopened(await api.alertsOf(id, RULE), first);
    expect(again.details).toMatchObject({ matchedWords: ['旁边', '大概'] });
  });
});

describe('suspect_cross_channel_duplicate (same phone + address on ≥ 2 channels within 24 h)', () => {
  const RULE = 'suspect_cross_channel_duplicate';
  const HOME = { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路 969 号' };
  const on = (channel: string, externalId: string, phone: string, createdAt: string, extra = {}) => ({
    ...placed(externalId, phone, createdAt, { address: HOME }),
    channel,
    ...extra,
  });

  it('fires on the second channel’s order (normalised address and phone match), not on the first', async () => {
    const phone = api.phone();
    const tb = api.id('XCH');
    const jd = api.id('XCH');
    await api.orders(on('taobao', tb, phone, '2026-11-22T10:00:00+08:00'));
    await api.orders(
      on('jd', jd, phone, '2026-11-22T11:00:00+08:00', {
        buyer: { name: '王五', phone: `+86 ${phone}` },
        address: { ...HOME, detail: '文一西路９６９号' },
      }),
    );
    const open = await api.only(jd, RULE, 'jd');
    expect(open).toMatchObject({ rule: RULE, kind: 'suspect', severity: 'warning', state: 'open' });
    expect(open.order).toEqual({ channel: 'jd', externalId: jd });
    expect(open.details).toEqual({ channels: 2, windowMs: 86_400_000, action: 'merge_review' });
    expect(await api.alertsOf(tb, RULE, 'taobao')).toEqual([]);
  });

  it('stays quiet for the same channel twice, a different address, or orders exactly 24 h apart', async () => {
    const sameChannel = api.phone();
    await api.orders(
      on('taobao', api.id('XCH'), sameChannel, '2026-11-22T10:00:00+08:00'),
      on('taobao', api.id('XCH'), sameChannel, '2026-11-22T11:00:00+08:00'),
    );
    const otherAddress = api.phone();
    await api.orders(on('taobao', api.id('XCH'), otherAddress, '2026-11-22T10:00:00+08:00'));
    await api.orders(
      on('pdd', api.id('XCH'), otherAddress, '2026-11-22T11:00:00+08:00', {
        address: { ...HOME, detail: '文一西路 970 号' },
      }),
    );
    const dayApart = api.phone();
    await api.orders(on('taobao', api.id('XCH'), dayApart, '2026-11-21T10:00:00+08:00'));
    await api.orders(on('douyin', api.id('XCH'), dayApart, '2026-11-22T10:00:00+08:00'));
    expect((await api.list({ rule: RULE })).alerts).toEqual([]);
  });

  it('a re-post keeps one alert; moving the address away resolves it; moving it back opens a NEW alert', async () => {
    const phone = api.phone();
    const jd = api.id('XCH');
    const at = '2026-11-22T11:00:00+08:00';
    await api.orders(on('taobao', api.id('XCH'), phone, '2026-11-22T10:00:00+08:00'));
    const body = on('jd', jd, phone, at);
    await api.orders(body);
    const [again] = await api.orders(body);
    expect(again?.unchanged).toBe(true);
    const first = await api.only(jd, RULE, 'jd');

    const office = { ...HOME, detail: '文一西路 998 号 5 号楼' };
    await api.events(
      event(jd, 'address_changed', '2026-11-22T12:00:00+08:00', { address: office }, { channel: 'jd' }),
    );
    expect(await api.only(jd, RULE, 'jd')).toMatchObject({ id: first.id, state: 'resolved' });

    await api.events(
      event(jd, 'address_changed', '2026-11-22T13:00:00+08:00', { address: HOME }, { channel: 'jd' }),
    );
    const reopened = expectReopened(await api.alertsOf(jd, RULE, 'jd'), first);

    await api.events(event(jd, 'cancelled', '2026-11-22T14:00:00+08:00', {}, { channel: 'jd' }));
    const after = await api.alertsOf(jd, RULE, 'jd');
    expect(after.find((a) => a.id === reopened.id)).toMatchObject({
      state: 'resolved',
      resolveReason: 'order cancelled',
    });
    expect(after.find((a) => a.id === first.id)?.resolveReason).toMatch(/cleared/);
  });
});

describe('suspect_test_order (address or remark says 测试 / test / 勿发)', () => {
  const RULE = 'suspect_test_order';
  const withRemark = (externalId: string, remark: string, extra: Record<string, unknown> = {}) =>
    order({
      externalId,
      status: 'paid',
      createdAt: '2026-11-22T19:00:00+08:00',
      paidAt: '2026-11-22T19:01:00+08:00',
      remark,
      ...extra,
    });

  it('warns on 测试单 勿发 in the remark and on TEST as a word in the address; quiet for testing / contest', async () => {
    const remark = api.id('TESTORD');
    const addr = api.id('TESTORD');
    const testing = api.id('TESTORD');
    await api.orders(
      withRemark(remark, '测试单 勿发'),
      withRemark(addr, '', {
        address: {
          province: '浙江省',
          city: '杭州市',
          district: '余杭区',
          detail: '文一西路 969 号 TEST 仓',
        },
      }),
      withRemark(testing, 'contest prize, testing the box', {
        address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: 'Testing Road 969' },
      }),
    );
    const r = await api.only(remark, RULE);
    expect(r).toMatchObject({ rule: RULE, kind: 'suspect', severity: 'warning', state: 'open' });
    expect(r.details).toEqual({ matchedWords: ['测试', '勿发', '测试单'], matchedIn: ['remark'] });
    expect((await api.only(addr, RULE)).details).toEqual({ matchedWords: ['test'], matchedIn: ['address'] });
    expect(await api.alertsOf(testing, RULE)).toEqual([]);
  });

  it('resolves when a newer remark replaces it, ignores an older remark, and a later 勿发 opens a NEW alert', async () => {
    const id = api.id('TESTORD');
    await api.orders(withRemark(id, '测试')); // remark as of 19:01
    const first = await api.only(id, RULE);

    await api.events(event(id, 'remark', '2026-11-22T19:30:00+08:00', { text: '周末送货' }));
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });

    await api.events(event(id, 'remark', '2026-11-22T19:10:00+08:00', { text: '测试' })); // older than 19:30
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });

    await api.events(event(id, 'remark', '2026-11-22T19:45:00+08:00', { text: '勿发，内部测试' }));
    expectReopened(await api.alertsOf(id, RULE), first);
  });

  it('a duplicate remark event keeps one alert; cancelling resolves it', async () => {
    const id = api.id('TESTORD');
    await api.orders(withRemark(id, ''));
    const remark = event(id, 'remark', '2026-11-22T19:30:00+08:00', { text: '测试 请勿发货' });
    await api.events(remark);
    const [dup] = await api.events(remark);
    expect(dup?.duplicate).toBe(true);
    const open = await api.only(id, RULE);
    await api.events(event(id, 'cancelled', '2026-11-22T19:40:00+08:00', { reason: '测试单' }));
    expect(await api.only(id, RULE)).toMatchObject({
      id: open.id,
      state: 'resolved',
      resolveReason: 'order cancelled',
    });
  });
});
