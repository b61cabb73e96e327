// Silences, snoozes and inhibition through the API on the real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlertStore } from '../../../src/store/alert-store.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { orderBody } from '../../helpers/orders.js';

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
beforeEach(async () => {
  await db.pool.query('TRUNCATE orders, silences CASCADE');
  t.clock.set('2026-11-22T12:00:00Z'); // 20:00 Shanghai
});

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: t.auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const postOrder = (o: Record<string, unknown>) =>
  inject('POST', '/api/v1/orders', { orders: [orderBody(o)] });
type Listed = { rule: string; severity: string; mutedReason: string | null; id: string; state: string };
const alertsOf = async (externalId: string, state = '') =>
  (await inject('GET', `/api/v1/alerts?externalId=${externalId}${state ? `&state=${state}` : ''}`)).json()
    .alerts as Listed[];
const one = async (externalId: string, rule: string) =>
  (await alertsOf(externalId)).find((a) => a.rule === rule)!;

describe('silences', () => {
  it('mutes matching alerts with the reason, lists them as silenced, and unmutes when the silence ends', async () => {
    await postOrder({ externalId: 'S1', warehouse: 'hz-1' }); // paid 08:01, now 20:00: stuck
    await postOrder({ externalId: 'S2', warehouse: 'sh-2' });
    const res = await inject('POST', '/api/v1/silences', {
      matchers: { rule: 'stuck_unpicked', warehouse: 'hz-1' },
      duration: '2h',
      reason: '仓库盘点',
      createdBy: 'zhangsan',
    });
    expect(res.statusCode).toBe(201);
    expect((await one('S1', 'stuck_unpicked')).mutedReason).toMatch(
      /^silenced: 仓库盘点 \(by zhangsan, until 2026-11-22T14:00:00.000Z\)$/,
    );
    expect((await one('S2', 'stuck_unpicked')).mutedReason).toBeNull();
    expect((await alertsOf('S1', 'silenced')).map((a) => a.rule)).toEqual(['stuck_unpicked']);
    expect(await alertsOf('S2', 'silenced')).toEqual([]);

    t.clock.set('2026-11-22T14:00:01Z');
    await inject('POST', '/api/v1/sweep');
    expect((await one('S1', 'stuck_unpicked')).mutedReason).toBeNull();
  });

  it('unmutes as soon as a silence is expired by DELETE, and keeps it listed as inactive', async () => {
    await postOrder({ externalId: 'S3' });
    const { silence } = (
      await inject('POST', '/api/v1/silences', {
        matchers: { kind: 'stuck' },
        endsAt: '2026-11-23T08:00:00+08:00',
        reason: '双十一',
        createdBy: 'lisi',
      })
    ).json();
    expect((await one('S3', 'stuck_unpicked')).mutedReason).toMatch(/^silenced: 双十一/);
    expect((await inject('DELETE', `/api/v1/silences/${silence.id}`)).statusCode).toBe(200);
    expect((await one('S3', 'stuck_unpicked')).mutedReason).toBeNull();
    const active = (await inject('GET', '/api/v1/silences?active=true')).json().silences;
    const all = (await inject('GET', '/api/v1/silences')).json().silences;
    expect(active).toEqual([]);
    expect(all).toMatchObject([{ id: silence.id, active: false }]);
  });

  it.each([
    [{}, ['/matchers', '/endsAt', '/reason', '/createdBy']],
    [{ matchers: { colour: 'red' }, duration: '2h', reason: 'x', createdBy: 'y' }, ['/matchers/colour']],
    [{ matchers: { rule: 'a' }, duration: 'soon', reason: 'x', createdBy: 'y' }, ['/duration']],
    [{ matchers: { rule: 'a' }, endsAt: '2026-11-22T08:00:00', reason: 'x', createdBy: 'y' }, ['/endsAt']],
    [
      { matchers: { rule: 'a' }, endsAt: '2026-11-21T08:00:00+08:00', reason: 'x', createdBy: 'y' },
      ['/endsAt'],
    ],
  ])('answers 400 naming each bad field for %j', async (body, paths) => {
    const res = await inject('POST', '/api/v1/silences', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(paths);
  });

  it('answers 404 when expiring a silence that does not exist', async () => {
    expect((await inject('DELETE', '/api/v1/silences/00000000-0000-0000-0000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await inject('DELETE', '/api/v1/silences/not-an-id')).statusCode).toBe(404);
  });
});

describe('inhibition', () => {
  it("mutes an order's warning when the same order has a critical alert of the same kind", async () => {
    // Paid 2.5 h ago (warning) and promised 30 min ago (critical).
    t.clock.set('2026-11-22T02:31:00Z');
    await postOrder({ externalId: 'I1', promisedShipAt: '2026-11-22T10:01:00+08:00' });
    const unpicked = await one('I1', 'stuck_unpicked');
    const promise = await one('I1', 'stuck_promise_risk');
    expect([unpicked.severity, promise.severity]).toEqual(['warning', 'critical']);
    expect(unpicked.mutedReason).toBe('inhibited by critical stuck_promise_risk');
    expect(promise.mutedReason).toBeNull();
  });

  it('mutes the stuck alerts of a held order', async () => {
    t.clock.set('2026-11-22T02:31:00Z');
    await postOrder({ externalId: 'I2', promisedShipAt: '2026-11-22T10:01:00+08:00' });
    // Holds are set by chat actions (issue 5); here the order is held directly in the store.
    await db.pool.query(`UPDATE orders SET hold_state = 'held' WHERE external_id = 'I2'`);
    await inject('POST', '/api/v1/sweep');
    const promise = await one('I2', 'stuck_promise_risk');
    expect(promise.mutedReason).toBe('inhibited: order on hold (held)');
    expect((await one('I2', 'stuck_unpicked')).state).toBe('resolved');
  });
});

describe('snooze', () => {
  it('mutes one alert until the snooze ends', async () => {
    await postOrder({ externalId: 'Z1' });
    const alert = await one('Z1', 'stuck_unpicked');
    const store = createAlertStore(db.pool);
    expect(await store.snooze(alert.id, new Date('2026-11-22T13:00:00Z'), t.clock.now())).toBe(true);
    expect((await one('Z1', 'stuck_unpicked')).mutedReason).toBe('snoozed until 2026-11-22T13:00:00.000Z');
    t.clock.set('2026-11-22T13:00:00Z');
    await inject('POST', '/api/v1/sweep');
    expect((await one('Z1', 'stuck_unpicked')).mutedReason).toBeNull();
  });
});
