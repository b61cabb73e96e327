// stuck_unpicked, stuck_unshipped, stuck_promise_risk through the API on the real database.
// The clock starts at 2026-11-22T12:00:00Z = 20:00 Asia/Shanghai; times below are Shanghai wall times.
import { describe, expect, it } from 'vitest';
import { HOUR, SECOND, event, expectReopened, order, useAlertApi } from './alerts-api.js';

const api = useAlertApi();

describe('stuck_unpicked (paid, not picked within 2 h; critical from 4 h)', () => {
  const RULE = 'stuck_unpicked';

  it('stays quiet 1 s below 2 h, opens a warning at exactly 2 h and escalates to critical at 4 h on a sweep', async () => {
    const id = api.id('UNPICKED');
    await api.orders(
      order({
        externalId: id,
        status: 'paid',
        createdAt: '2026-11-22T17:55:00+08:00',
        paidAt: '2026-11-22T18:00:01+08:00', // 1 h 59 min 59 s before 20:00
        promisedShipAt: '2026-11-24T18:00:00+08:00',
      }),
    );
    expect(await api.alertsOf(id, RULE)).toEqual([]);
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toEqual([]);

    api.clock.advance(1 * SECOND); // exactly 2 h after payment
    expect(await api.sweep()).toMatchObject({ opened: 1, resolved: 0 });
    const warning = await api.only(id, RULE);
    expect(warning).toMatchObject({
      rule: RULE,
      kind: 'stuck',
      severity: 'warning',
      state: 'open',
      order: { channel: 'taobao', externalId: id },
      openedAt: '2026-11-22T12:00:01.000Z',
      resolvedAt: null,
      resolveReason: null,
    });
    expect(warning.details).toMatchObject({ minutesSincePaid: 120, minutesLate: 0, warehouse: 'hz-1' });

    api.clock.advance(2 * HOUR - SECOND); // 3 h 59 min 59 s: still a warning
    expect(await api.sweep()).toMatchObject({ opened: 0, changed: 0 });
    expect(await api.only(id, RULE)).toMatchObject({ id: warning.id, severity: 'warning' });

    api.clock.advance(1 * SECOND); // 4 h: critical, the same alert
    expect(await api.sweep()).toMatchObject({ opened: 0, changed: 1, resolved: 0 });
    expect(await api.only(id, RULE)).toMatchObject({ id: warning.id, severity: 'critical', state: 'open' });
  });

  it('resolves by itself when the order is picked; a duplicate pick or a stale "paid" snapshot opens nothing', async () => {
    const id = api.id('UNPICKED');
    const paid = order({
      externalId: id,
      status: 'paid',
      createdAt: '2026-11-22T08:00:00+08:00',
      paidAt: '2026-11-22T08:01:00+08:00', // 12 h ago: critical straight from ingest
      promisedShipAt: '2026-11-24T18:00:00+08:00',
    });
    await api.orders(paid);
    const open = await api.only(id, RULE);
    expect(open).toMatchObject({ severity: 'critical', state: 'open' });

    const picked = event(id, 'picked', '2026-11-22T19:30:00+08:00', {}, { eventId: `${id}-pick` });
    await api.events(picked);
    const resolved = await api.only(id, RULE);
    expect(resolved).toMatchObject({
      id: open.id,
      state: 'resolved',
      resolvedAt: '2026-11-22T12:00:00.000Z',
    });
    expect(resolved.resolveReason).toMatch(/picking/);

    // The same pick again, an older "paid" event arriving late, and a stale snapshot still saying paid.
    const [dup] = await api.events(picked);
    expect(dup).toMatchObject({ ok: true, duplicate: true });
    await api.events(event(id, 'paid', '2026-11-22T08:01:00+08:00'));
    await api.orders({ ...paid, updatedAt: '2026-11-22T09:00:00+08:00' });
    api.clock.advance(1 * HOUR);
    await api.sweep();
    expect(await api.only(id, RULE)).toMatchObject({ id: open.id, state: 'resolved' });
  });

  it('a pick that happened before the 2 h mark but arrives later resolves the alert it would have prevented', async () => {
    const id = api.id('UNPICKED');
    await api.orders(
      order({
        externalId: id,
        status: 'paid',
        createdAt: '2026-11-22T16:59:00+08:00',
        paidAt: '2026-11-22T17:00:00+08:00', // 3 h ago
        promisedShipAt: '2026-11-24T18:00:00+08:00',
      }),
    );
    const open = await api.only(id, RULE);
    expect(open.severity).toBe('warning');
    await api.events(event(id, 'picked', '2026-11-22T18:30:00+08:00')); // picked 1.5 h after payment
    expect(await api.only(id, RULE)).toMatchObject({ id: open.id, state: 'resolved' });
  });

  it('opens a NEW alert when the condition returns after resolution (pre-sale flag set, then cleared)', async () => {
    const id = api.id('UNPICKED');
    const base = {
      externalId: id,
      status: 'paid',
      createdAt: '2026-11-22T08:00:00+08:00',
      paidAt: '2026-11-22T08:01:00+08:00',
      promisedShipAt: '2026-11-24T18:00:00+08:00',
    };
    await api.orders(order({ ...base, presale: false, updatedAt: '2026-11-22T08:01:00+08:00' }));
    const first = await api.only(id, RULE);

    await api.orders(order({ ...base, presale: true, updatedAt: '2026-11-22T09:00:00+08:00' }));
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });

    await api.orders(order({ ...base, presale: false, updatedAt: '2026-11-22T10:00:00+08:00' }));
    expect(expectReopened(await api.alertsOf(id, RULE), first).severity).toBe('critical');
  });

  it('leaves pre-sale orders alone, and resolves with "order cancelled" when the order is cancelled', async () => {
    const presale = api.id('PRESALE');
    const normal = api.id('UNPICKED');
    const times = {
      status: 'paid',
      createdAt: '2026-11-22T08:00:00+08:00',
      paidAt: '2026-11-22T08:01:00+08:00',
      promisedShipAt: '2026-11-30T18:00:00+08:00',
    };
    await api.orders(
      order({ ...times, externalId: presale, presale: true }),
      order({ ...times, externalId: normal }),
    );
    expect(await api.alertsOf(presale, RULE)).toEqual([]);
    const open = await api.only(normal, RULE);

    await api.events(event(normal, 'cancelled', '2026-11-22T19:59:00+08:00', { reason: '买家取消' }));
    expect(await api.only(normal, RULE)).toMatchObject({
      id: open.id,
      state: 'resolved',
      resolveReason: 'order cancelled',
    });
    api.clock.advance(6 * HOUR);
    await api.sweep();
    expect(await api.alertsOf(presale, RULE)).toEqual([]);
    expect(await api.alertsOf(normal, RULE)).toHaveLength(1);
  });
});

describe('stuck_unshipped (picked or packed, not shipped within 4 h; critical from 8 h)', () => {
  const RULE = 'stuck_unshipped';
  const paid = (externalId: string, extra: Record<string, unknown> = {}) =>
    order({
      externalId,
      status: 'paid',
      createdAt: '2026-11-22T08:00:00+08:00',
      paidAt: '2026-11-22T08:01:00+08:00',
      promisedShipAt: '2026-11-24T18:00:00+08:00',
      ...extra,
    });

  it('stays quiet 1 s below 4 h after the pick, warns at exactly 4 h and goes critical at 8 h', async () => {
    const id = api.id('UNSHIPPED');
    await api.orders(paid(id));
    await api.events(event(id, 'picked', '2026-11-22T16:00:01+08:00')); // 3 h 59 min 59 s before 20:00
    expect(await api.alertsOf(id, RULE)).toEqual([]);
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toEqual([]);

    api.clock.advance(1 * SECOND);
    await api.sweep();
    const warning = await api.only(id, RULE);
    expect(warning).toMatchObject({ rule: RULE, kind: 'stuck', severity: 'warning', state: 'open' });
    expect(warning.details).toMatchObject({ stage: 'picked', minutesSince: 240, minutesLate: 0 });

    api.clock.advance(4 * HOUR - SECOND);
    await api.sweep();
    expect(await api.only(id, RULE)).toMatchObject({ id: warning.id, severity: 'warning' });
    api.clock.advance(1 * SECOND);
    expect(await api.sweep()).toMatchObject({ changed: 1 });
    expect(await api.only(id, RULE)).toMatchObject({ id: warning.id, severity: 'critical' });
  });

  it('counts from the pack when no pick is known, resolves when shipped, and a duplicate ship opens nothing', async () => {
    const id = api.id('UNSHIPPED');
    await api.orders(paid(id));
    await api.events(event(id, 'packed', '2026-11-22T09:00:00+08:00')); // 11 h ago
    const open = await api.only(id, RULE);
    expect(open).toMatchObject({ severity: 'critical', state: 'open' });
    expect(open.details).toMatchObject({ stage: 'packed', since: '2026-11-22T01:00:00.000Z' });

    const shipped = event(id, 'shipped', '2026-11-22T19:50:00+08:00', {
      trackingNo: 'SF100',
      carrier: '顺丰',
    });
    await api.events(shipped);
    const resolved = await api.only(id, RULE);
    expect(resolved).toMatchObject({ id: open.id, state: 'resolved' });
    expect(resolved.resolveReason).toMatch(/shipped/);

    const [dup] = await api.events(shipped);
    expect(dup?.duplicate).toBe(true);
    api.clock.advance(10 * HOUR);
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toHaveLength(1);
  });

  it('out of order: a shipment posted before the pick it followed opens nothing', async () => {
    const id = api.id('UNSHIPPED');
    await api.orders(paid(id));
    await api.events(
      event(id, 'shipped', '2026-11-22T15:00:00+08:00', { trackingNo: 'YT1', carrier: '圆通' }),
    );
    await api.events(event(id, 'picked', '2026-11-22T09:00:00+08:00'));
    expect((await api.order(id)).order.status).toBe('shipped');
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toEqual([]);
  });

  it('opens a NEW alert when the condition returns after resolution (pre-sale flag set, then cleared)', async () => {
    const id = api.id('UNSHIPPED');
    await api.orders(paid(id));
    await api.events(event(id, 'picked', '2026-11-22T09:00:00+08:00'));
    const first = await api.only(id, RULE);

    await api.orders(paid(id, { status: 'picking', presale: true, updatedAt: '2026-11-22T19:00:00+08:00' }));
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });
    await api.orders(paid(id, { status: 'picking', presale: false, updatedAt: '2026-11-22T19:30:00+08:00' }));
    expect(expectReopened(await api.alertsOf(id, RULE), first).severity).toBe('critical');
  });

  it('resolves with "order cancelled" when the order is cancelled', async () => {
    const id = api.id('UNSHIPPED');
    await api.orders(paid(id));
    await api.events(event(id, 'picked', '2026-11-22T09:00:00+08:00'));
    await api.only(id, RULE);
    await api.events(event(id, 'cancelled', '2026-11-22T19:00:00+08:00', { reason: '缺货' }));
    expect(await api.only(id, RULE)).toMatchObject({ state: 'resolved', resolveReason: 'order cancelled' });
  });
});

describe('stuck_promise_risk (not shipped, promisedShipAt < 2 h away; critical once past)', () => {
  const RULE = 'stuck_promise_risk';
  const paid = (externalId: string, extra: Record<string, unknown> = {}) =>
    order({
      externalId,
      status: 'paid',
      createdAt: '2026-11-22T19:29:00+08:00',
      paidAt: '2026-11-22T19:30:00+08:00',
      ...extra,
    });

  it('stays quiet at exactly 2 h before the promise, warns inside 2 h and goes critical once it has passed', async () => {
    const id = api.id('PROMISE');
    await api.orders(paid(id, { promisedShipAt: '2026-11-22T22:00:00+08:00' })); // exactly 2 h ahead
    expect(await api.alertsOf(id, RULE)).toEqual([]);
    await api.sweep();
    expect(await api.alertsOf(id, RULE)).toEqual([]);

    api.clock.advance(1 * SECOND); // 1 h 59 min 59 s left
    await api.sweep();
    const warning = await api.only(id, RULE);
    expect(warning).toMatchObject({ rule: RULE, kind: 'stuck', severity: 'warning', state: 'open' });
    expect(warning.details).toMatchObject({ past: false, minutesLeft: 119, held: false });

    api.clock.set('2026-11-22T21:59:59+08:00');
    await api.sweep();
    expect(await api.only(id, RULE)).toMatchObject({ id: warning.id, severity: 'warning' });
    api.clock.set('2026-11-22T22:00:00+08:00'); // the promise is now: past
    expect(await api.sweep()).toMatchObject({ changed: 1 });
    const critical = await api.only(id, RULE);
    expect(critical).toMatchObject({ id: warning.id, severity: 'critical' });
    expect(critical.details).toMatchObject({ past: true });
  });

  it('still fires for a pre-sale order (a hold does not move the deadline), and resolves when shipped', async () => {
    const id = api.id('PROMISE');
    await api.orders(paid(id, { presale: true, promisedShipAt: '2026-11-22T21:00:00+08:00' }));
    const open = await api.only(id, RULE);
    expect(open).toMatchObject({ severity: 'warning', state: 'open' });
    expect(await api.alertsOf(id, 'stuck_unpicked')).toEqual([]);

    await api.events(
      event(id, 'shipped', '2026-11-22T19:55:00+08:00', { trackingNo: 'ZTO1', carrier: '中通' }),
    );
    const resolved = await api.only(id, RULE);
    expect(resolved).toMatchObject({ id: open.id, state: 'resolved' });
    expect(resolved.resolveReason).toMatch(/shipped/);
  });

  it('resolves when the channel extends the promise, ignores a stale snapshot, and a returning risk opens a NEW alert', async () => {
    const id = api.id('PROMISE');
    await api.orders(
      paid(id, { updatedAt: '2026-11-22T19:30:00+08:00', promisedShipAt: '2026-11-22T21:00:00+08:00' }),
    );
    const first = await api.only(id, RULE);

    // An older snapshot (updatedAt before the stored one) with a relaxed deadline changes nothing.
    await api.orders(
      paid(id, { updatedAt: '2026-11-22T19:00:00+08:00', promisedShipAt: '2026-11-25T18:00:00+08:00' }),
    );
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'open' });

    await api.orders(
      paid(id, { updatedAt: '2026-11-22T19:45:00+08:00', promisedShipAt: '2026-11-23T18:00:00+08:00' }),
    );
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });

    await api.orders(
      paid(id, { updatedAt: '2026-11-22T19:50:00+08:00', promisedShipAt: '2026-11-22T20:30:00+08:00' }),
    );
    expect(expectReopened(await api.alertsOf(id, RULE), first).severity).toBe('warning');
  });

  it('resolves with "order cancelled"; a duplicate cancellation opens nothing', async () => {
    const id = api.id('PROMISE');
    await api.orders(paid(id, { promisedShipAt: '2026-11-22T19:00:00+08:00' })); // already past
    expect(await api.only(id, RULE)).toMatchObject({ severity: 'critical' });
    const cancel = event(id, 'cancelled', '2026-11-22T19:58:00+08:00', { reason: '超时未发' });
    await api.events(cancel);
    await api.events(cancel);
    api.clock.advance(1 * HOUR);
    await api.sweep();
    expect(await api.only(id, RULE)).toMatchObject({ state: 'resolved', resolveReason: 'order cancelled' });
  });
});
