// remark_urgent through the API: the buyer remark classifier (not keywords) flags urgent remarks
// (warning) and complaints (critical); negations such as 不急 / 不会差评 stay quiet.
// The remarks below are ones the shipped classifier scores far from its 0.6 threshold, so the tests
// check the rule's plumbing and lifecycle rather than the model's exact probabilities.
// The clock starts at 2026-11-22T12:00:00Z = 20:00 Asia/Shanghai; times below are Shanghai wall times.
import { describe, expect, it } from 'vitest';
import { event, expectReopened, order, useAlertApi } from './alerts-api.js';

const api = useAlertApi();
const RULE = 'remark_urgent';

const URGENT = '明天就要用，麻烦加急发货！！！';
const COMPLAINT = '怎么还不发货，我要投诉';

/** A paid order whose remark is as of its payment, 19:01. */
const withRemark = (externalId: string, remark: string) =>
  order({
    externalId,
    status: 'paid',
    createdAt: '2026-11-22T19:00:00+08:00',
    paidAt: '2026-11-22T19:01:00+08:00',
    promisedShipAt: '2026-11-24T18:00:00+08:00',
    remark,
  });
const remark = (externalId: string, at: string, text: string, extra: Record<string, unknown> = {}) =>
  event(externalId, 'remark', at, { text }, extra);

describe('remark_urgent', () => {
  it('warns on an urgent remark, goes critical on a complaint, and stays quiet on negations and plain remarks', async () => {
    const urgent = api.id('REMARK');
    const complaint = api.id('REMARK');
    const quiet = ['不急，慢慢发', '不会差评的，慢慢来', '送人的，请包装好', ''].map((text) => [
      api.id('REMARK'),
      text,
    ]);
    await api.orders(
      withRemark(urgent, URGENT),
      withRemark(complaint, COMPLAINT),
      ...quiet.map(([id, text]) => withRemark(id!, text!)),
    );
    const u = await api.only(urgent, RULE);
    expect(u).toMatchObject({ rule: RULE, kind: 'suspect', severity: 'warning', state: 'open' });
    expect(u.details).toMatchObject({ label: 'urgent', remark: URGENT });
    expect(u.details.confidence).toBeGreaterThanOrEqual(0.6);
    const c = await api.only(complaint, RULE);
    expect(c).toMatchObject({ severity: 'critical', details: { label: 'complaint', remark: COMPLAINT } });
    for (const [id] of quiet) expect(await api.alertsOf(id!, RULE), id).toEqual([]);
  });

  it('re-grades the same alert when a newer remark turns urgent into a complaint; a duplicate remark opens nothing', async () => {
    const id = api.id('REMARK');
    await api.orders(withRemark(id, URGENT));
    const open = await api.only(id, RULE);
    const newer = remark(id, '2026-11-22T19:30:00+08:00', COMPLAINT, { eventId: `${id}-r2` });
    await api.events(newer);
    const [dup] = await api.events(newer);
    expect(dup?.duplicate).toBe(true);
    expect(await api.only(id, RULE)).toMatchObject({ id: open.id, severity: 'critical', state: 'open' });
    expect((await api.history(open.id)).map((h) => h.change)).toEqual(['opened', 'severity']);
  });

  it('resolves when a newer calm remark replaces it, ignores an older remark, and a later urgent one opens a NEW alert', async () => {
    const id = api.id('REMARK');
    await api.orders(withRemark(id, URGENT));
    const first = await api.only(id, RULE);

    await api.events(remark(id, '2026-11-22T19:30:00+08:00', '不急，慢慢发'));
    const resolved = await api.only(id, RULE);
    expect(resolved).toMatchObject({ id: first.id, state: 'resolved' });
    expect(resolved.resolveReason).toMatch(/cleared/);

    await api.events(remark(id, '2026-11-22T19:10:00+08:00', COMPLAINT)); // older than 19:30: ignored
    expect(await api.only(id, RULE)).toMatchObject({ id: first.id, state: 'resolved' });

    await api.events(remark(id, '2026-11-22T19:45:00+08:00', COMPLAINT));
    expect(expectReopened(await api.alertsOf(id, RULE), first).severity).toBe('critical');
  });

  it('keeps firing once shipped, and resolves when the parcel is delivered or the order is cancelled', async () => {
    const delivered = api.id('REMARK');
    const cancelled = api.id('REMARK');
    await api.orders(withRemark(delivered, COMPLAINT), withRemark(cancelled, URGENT));
    await api.events(
      event(delivered, 'shipped', '2026-11-22T19:20:00+08:00', { trackingNo: 'SF7', carrier: '顺丰' }),
    );
    const open = await api.only(delivered, RULE);
    expect(open.state).toBe('open');
    await api.events(
      event(delivered, 'logistics', '2026-11-22T19:50:00+08:00', {
        status: 'delivered',
        description: '签收',
      }),
    );
    expect(await api.only(delivered, RULE)).toMatchObject({ id: open.id, state: 'resolved' });

    await api.events(event(cancelled, 'cancelled', '2026-11-22T19:30:00+08:00', { reason: '买家取消' }));
    expect(await api.only(cancelled, RULE)).toMatchObject({
      state: 'resolved',
      resolveReason: 'order cancelled',
    });
  });
});
