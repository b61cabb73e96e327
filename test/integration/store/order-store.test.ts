import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { eventInput, orderInput } from '../../helpers/inputs.js';

let db: TestDatabase;
const now = new Date('2026-11-22T12:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => {
  await db.pool.query('TRUNCATE orders CASCADE');
});

const row = async (externalId = 'TB20261122001') =>
  (
    await db.pool.query('SELECT * FROM orders WHERE channel = $1 AND external_id = $2', [
      'taobao',
      externalId,
    ])
  ).rows[0];

describe('order snapshots', () => {
  it('stores money in fen, the normalised phone and matching hashes when an order is new', async () => {
    const [r] = await db.store.upsertOrders(
      [orderInput({ buyer: { name: '张三', phone: '+86 138-0013-8000' } })],
      now,
    );
    expect(r).toMatchObject({ changed: true, inserted: true });
    const o = await row();
    expect(o).toMatchObject({
      amount_fen: 39900,
      buyer_phone: '13800138000',
      status: 'paid',
      province: '浙江省',
    });
    expect(o.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(o.address_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(o.paid_at.toISOString()).toBe('2026-11-22T00:01:00.000Z');
  });

  it('changes nothing when the same snapshot is posted twice', async () => {
    const [first] = await db.store.upsertOrders([orderInput()], now);
    const before = await row();
    const [second] = await db.store.upsertOrders([orderInput()], new Date(now.getTime() + 60_000));
    expect(second).toEqual({ id: first!.id, changed: false, inserted: false });
    expect(await row()).toEqual(before);
  });

  it('keeps the newer snapshot when an older one arrives later', async () => {
    const newer = orderInput({ amount: '299.00', updatedAt: '2026-11-22T10:00:00+08:00', warehouse: 'sh-2' });
    const older = orderInput({ amount: '399.00', updatedAt: '2026-11-22T09:00:00+08:00' });
    await db.store.upsertOrders([newer], now);
    await db.store.upsertOrders([older], now);
    expect(await row()).toMatchObject({ amount_fen: 29900, warehouse: 'sh-2' });
  });

  it('merges two snapshots of one order in the same batch', async () => {
    const a = orderInput({ status: 'paid', updatedAt: '2026-11-22T09:00:00+08:00' });
    const b = orderInput({ status: 'packed', updatedAt: '2026-11-22T11:00:00+08:00', amount: '1.00' });
    const results = await db.store.upsertOrders([a, b], now);
    expect(results[0]!.id).toBe(results[1]!.id);
    expect(await row()).toMatchObject({ status: 'packed', amount_fen: 100 });
  });

  it('never moves an order back to an earlier stage when a stale snapshot says so', async () => {
    await db.store.upsertOrders(
      [orderInput({ status: 'shipped', updatedAt: '2026-11-22T12:00:00+08:00' })],
      now,
    );
    await db.store.upsertOrders(
      [orderInput({ status: 'paid', updatedAt: '2026-11-22T13:00:00+08:00' })],
      now,
    );
    expect((await row()).status).toBe('shipped');
  });

  it('stores text that looks like SQL or markup verbatim', async () => {
    const remark = `'; DROP TABLE orders;-- <script>alert(1)</script>`;
    await db.store.upsertOrders([orderInput({ remark })], now);
    expect((await row()).remark).toBe(remark);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(1);
  });

  it('stores nothing of a batch when one statement fails mid-way', async () => {
    await db.pool.query(`CREATE OR REPLACE FUNCTION boom() RETURNS trigger AS $$
      BEGIN IF NEW.external_id = 'BOOM' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.pool.query('CREATE TRIGGER boom BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION boom()');
    try {
      const batch = [
        orderInput({ externalId: 'OK1' }),
        orderInput({ externalId: 'OK1', amount: '2.00' }),
        orderInput({ externalId: 'BOOM' }),
      ];
      await expect(db.store.upsertOrders(batch, now)).rejects.toThrow(/boom/);
      expect((await db.pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(0);
    } finally {
      await db.pool.query('DROP TRIGGER boom ON orders');
    }
  });

  it('loses nothing and deadlocks never when concurrent batches touch the same orders', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `C${i}`);
    const batch = (reverse: boolean, amount: string) =>
      (reverse ? [...ids].reverse() : ids).map((externalId) => orderInput({ externalId, amount }));
    await Promise.all([
      db.store.upsertOrders(batch(false, '1.00'), now),
      db.store.upsertOrders(batch(true, '2.00'), now),
      db.store.upsertOrders(batch(false, '3.00'), now),
    ]);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(60);
  });
});

describe('order events', () => {
  beforeEach(async () => {
    await db.store.upsertOrders([orderInput()], now);
  });

  it('stores each event once when it is delivered twice, by eventId or by content', async () => {
    const byId = eventInput('picked', '2026-11-22T09:00:00+08:00', {}, { eventId: 'e-1' });
    const byContent = eventInput('packed', '2026-11-22T09:30:00+08:00');
    const first = await db.store.appendEvents([byId, byContent], now);
    const again = await db.store.appendEvents([byId, byContent, byContent], now);
    expect(first.map((r) => r.ok && r.isNew)).toEqual([true, true]);
    expect(again.map((r) => r.ok && r.isNew)).toEqual([false, false, false]);
    expect(again.map((r) => r.ok && r.id)).toEqual([
      ...first.map((r) => r.ok && r.id),
      first[1]!.ok && first[1]!.id,
    ]);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM order_events')).rows[0].n).toBe(2);
  });

  it('reports an event for an unknown order and stores the rest', async () => {
    const res = await db.store.appendEvents(
      [
        eventInput('picked', '2026-11-22T09:00:00+08:00', {}, { externalId: 'NOPE' }),
        eventInput('picked', '2026-11-22T09:00:00+08:00'),
      ],
      now,
    );
    expect(res[0]).toEqual({ ok: false, reason: 'unknown_order' });
    expect(res[1]).toMatchObject({ ok: true, isNew: true });
  });

  it.each([
    ['picked', {}, { status: 'picking', picked_at: '2026-11-22T01:00:00.000Z' }],
    ['packed', {}, { status: 'packed' }],
    [
      'shipped',
      { trackingNo: 'SF100', carrier: '顺丰' },
      { status: 'shipped', tracking_no: 'SF100', carrier: '顺丰' },
    ],
    ['cancelled', { reason: '买家取消' }, { status: 'cancelled' }],
    ['remark', { text: '加急！' }, { remark: '加急！', status: 'paid' }],
    ['refund_requested', { refundId: 'R1', amount: '10.00' }, { status: 'paid' }],
  ])('moves the order when a %s event arrives', async (type, data, expected) => {
    await db.store.appendEvents([eventInput(type, '2026-11-22T09:00:00+08:00', data)], now);
    const o = await row();
    for (const [k, v] of Object.entries(expected)) {
      expect(o[k] instanceof Date ? o[k].toISOString() : o[k]).toBe(v);
    }
  });

  it('tracks the carrier scans: first pickup, latest scan, delivery and exceptions', async () => {
    await db.store.appendEvents(
      [
        eventInput('shipped', '2026-11-22T10:00:00+08:00', { trackingNo: 'YT1', carrier: '圆通' }),
        eventInput('logistics', '2026-11-22T20:00:00+08:00', { status: 'in_transit', description: '运输中' }),
        eventInput('logistics', '2026-11-22T12:00:00+08:00', { status: 'collected', description: '已揽收' }),
        eventInput('logistics', '2026-11-23T08:00:00+08:00', { status: 'exception', description: '破损' }),
      ],
      now,
    );
    const o = await row();
    expect(o.collected_at.toISOString()).toBe('2026-11-22T04:00:00.000Z');
    expect(o.last_scan_at.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(o.last_scan_status).toBe('exception');
    expect(o.last_exception_at.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    await db.store.appendEvents(
      [eventInput('logistics', '2026-11-24T09:00:00+08:00', { status: 'delivered' })],
      now,
    );
    expect(await row()).toMatchObject({ status: 'delivered', last_scan_status: 'delivered' });
  });

  it('keeps the latest address when address changes arrive out of order', async () => {
    const addr = (detail: string) => ({
      address: { province: '上海', city: '上海市', district: '浦东新区', detail },
    });
    await db.store.appendEvents(
      [eventInput('address_changed', '2026-11-22T11:00:00+08:00', addr('世纪大道 1 号'))],
      now,
    );
    await db.store.appendEvents(
      [eventInput('address_changed', '2026-11-22T10:00:00+08:00', addr('旧地址 2 号'))],
      now,
    );
    expect(await row()).toMatchObject({ province: '上海', address_detail: '世纪大道 1 号' });
  });

  it('reaches the same state whatever order the events arrive in', async () => {
    const events = [
      eventInput('picked', '2026-11-22T09:00:00+08:00'),
      eventInput('packed', '2026-11-22T09:40:00+08:00'),
      eventInput('shipped', '2026-11-22T10:00:00+08:00', { trackingNo: 'SF1', carrier: '顺丰' }),
      eventInput('shipped', '2026-11-22T10:30:00+08:00', { trackingNo: 'SF2', carrier: '顺丰' }),
      eventInput('logistics', '2026-11-22T12:00:00+08:00', { status: 'collected' }),
      eventInput('logistics', '2026-11-22T18:00:00+08:00', {
        status: 'in_transit',
        description: '杭州转运中心',
      }),
      eventInput('remark', '2026-11-22T09:10:00+08:00', { text: '先' }),
      eventInput('remark', '2026-11-22T09:20:00+08:00', { text: '后' }),
    ];
    const cols =
      'status, status_at, picked_at, packed_at, shipped_at, tracking_no, collected_at, last_scan_at, last_scan_status, last_scan_text, remark';
    const state = async () => (await db.pool.query(`SELECT ${cols} FROM orders`)).rows[0];
    await db.store.appendEvents(events, now);
    const expected = await state();
    expect(expected).toMatchObject({
      status: 'shipped',
      tracking_no: 'SF2',
      remark: '后',
      last_scan_text: '杭州转运中心',
    });

    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.integer({ min: 1, max: 4 }),
        async (shuffled, chunk) => {
          await db.pool.query('TRUNCATE orders CASCADE');
          await db.store.upsertOrders([orderInput()], now);
          for (let i = 0; i < shuffled.length; i += chunk)
            await db.store.appendEvents(shuffled.slice(i, i + chunk), now);
          expect(await state()).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });
});
