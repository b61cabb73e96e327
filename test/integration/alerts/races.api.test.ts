// Parallel updates of one order must leave its alerts as its final data says: evaluations of one order
// run one after the other on the latest committed data (row lock), never on a stale read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

let db: TestDatabase;
let t: TestApp;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await buildTestApp(db);
});
afterAll(async () => {
  await t?.app.close();
  await db?.drop();
});

const post = (url: string, payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: payload as never,
    headers: { ...t.auth, 'content-type': 'application/json' },
  });
const order = (id: string, phone: string, detail: string) =>
  orderBody({
    externalId: id,
    buyer: { name: '赵六', phone },
    createdAt: '2026-11-22T19:00:00+08:00',
    paidAt: '2026-11-22T19:01:00+08:00',
    address: { province: '浙江省', city: '杭州市', district: '余杭区', detail },
  });
const ev = (id: string, type: string, at: string, data: Record<string, unknown>) =>
  post('/api/v1/events', { events: [eventBody(type, at, data, { externalId: id })] });

describe('concurrent updates of one order', () => {
  it('never leaves an alert open for a condition the final data has cleared', async () => {
    const stale: string[] = [];
    for (let i = 0; i < 40; i++) {
      const id = `RACE-${i}`;
      await post('/api/v1/orders', {
        orders: [order(id, `1390000${String(i).padStart(4, '0')}`, '文一西路 969 号 测试仓')],
      });
      const fixed = { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路 969 号' };
      const results = await Promise.all([
        ev(id, 'remark', '2026-11-22T19:02:00+08:00', { text: '周末送货' }),
        ev(id, 'address_changed', '2026-11-22T19:30:00+08:00', { address: fixed }),
        ev(id, 'remark', '2026-11-22T19:01:30+08:00', { text: '周末' }),
        ev(id, 'refund_requested', '2026-11-22T19:20:00+08:00', { refundId: 'A', amount: '3000' }),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
      const { rows } = await db.pool.query(
        `SELECT a.state FROM alerts a JOIN orders o ON o.id = a.order_id
         WHERE o.external_id = $1 AND a.rule = 'suspect_test_order' AND a.state <> 'resolved'`,
        [id],
      );
      if (rows.length) stale.push(id);
    }
    expect(stale).toEqual([]);
  });

  it('records one severity change when parallel refunds raise an approval to critical', async () => {
    const doubled: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = `SEV-${i}`;
      await post('/api/v1/orders', {
        orders: [order(id, `1370000${String(i).padStart(4, '0')}`, '文一西路 969 号')],
      });
      await ev(id, 'refund_requested', '2026-11-22T19:10:00+08:00', { refundId: 'S', amount: '10' });
      await Promise.all(
        [0, 1, 2, 3].map((k) =>
          ev(id, 'refund_requested', `2026-11-22T19:2${k}:00+08:00`, { refundId: `B${k}`, amount: '2500' }),
        ),
      );
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM alert_history h JOIN alerts a ON a.id = h.alert_id
         JOIN orders o ON o.id = a.order_id WHERE o.external_id = $1 AND h.change = 'severity'`,
        [id],
      );
      if (rows[0].n !== 1) doubled.push(`${id}:${rows[0].n}`);
    }
    expect(doubled).toEqual([]);
  });
});
