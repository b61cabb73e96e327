// POST /api/v1/rules/dry-run previews alert volume over the current store and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { orderBody } from '../../helpers/orders.js';

let db: TestDatabase;
let t: TestApp;
const count = async (table: string) =>
  (await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await buildTestApp(db);
  t.clock.set('2026-11-22T01:30:00Z'); // 09:30 Shanghai
  const orders = [
    orderBody({ externalId: 'D1', paidAt: '2026-11-22T08:00:00+08:00' }), // paid 1h30m ago
    orderBody({
      externalId: 'D2',
      paidAt: '2026-11-22T07:00:00+08:00',
      createdAt: '2026-11-22T06:59:00+08:00',
    }), // 2h30m
    orderBody({
      externalId: 'D3',
      paidAt: '2026-11-22T09:10:00+08:00',
      createdAt: '2026-11-22T09:00:00+08:00',
    }), // 20m
  ];
  await t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: t.auth, payload: { orders } });
});
afterAll(async () => {
  await t?.app.close();
  await db?.drop();
});

const dryRun = (rules: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/rules/dry-run', headers: t.auth, payload: { rules } });

describe('POST /api/v1/rules/dry-run', () => {
  it('forecasts what a tighter threshold would fire next to what is open now, and writes nothing', async () => {
    const alertsBefore = await count('alerts');
    const historyBefore = await count('alert_history');
    const res = await dryRun({ stuck_unpicked: { after: '1h' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.evaluated).toBe(3);
    expect(body.rules.stuck_unpicked).toMatchObject({ enabled: true, fires: 2, openNow: 1 });
    expect(body.rules.stuck_unpicked.settings.after).toBe(3_600_000);
    expect(body.rules.stuck_unpicked.sample.map((s: { externalId: string }) => s.externalId).sort()).toEqual([
      'D1',
      'D2',
    ]);
    expect(await count('alerts')).toBe(alertsBefore);
    expect(await count('alert_history')).toBe(historyBefore);
  });

  it('forecasts nothing for a rule the proposal switches off', async () => {
    const body = (await dryRun({ stuck_unpicked: { enabled: false } })).json();
    expect(body.rules.stuck_unpicked).toMatchObject({ enabled: false, fires: 0, openNow: 1 });
  });

  it.each([
    [{ stuck_unpicked: { after: 'soon' } }, '/rules/stuck_unpicked/after'],
    [{ no_such_rule: { enabled: true } }, '/rules/no_such_rule'],
    [{ stuck_unpicked: { enabled: 'yes' } }, '/rules/stuck_unpicked/enabled'],
  ])('answers 400 with the path of the bad setting for %j', async (rules, path) => {
    const res = await dryRun(rules);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('answers 400 when the body is not {"rules": {...}}', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/rules/dry-run',
      headers: t.auth,
      payload: [],
    });
    expect(res.statusCode).toBe(400);
  });
});
