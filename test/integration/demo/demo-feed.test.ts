// The demo feed against the real store and detection (as buildTestApp wires them): a few simulated minutes
// of traffic open alerts of every kind and rule; a burst opens one stuck alert per injected order; the burst
// route is behind the API's bearer token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetectionService } from '../../../src/alerts/detection-service.js';
import { activeRules } from '../../../src/alerts/rule-settings.js';
import { loadConfig } from '../../../src/config/index.js';
import { createDemoFeed, type DemoFeed } from '../../../src/demo/feed.js';
import { seededRandom } from '../../../src/demo/random.js';
import { demoRoutes } from '../../../src/http/routes/demo.js';
import { createIngestService } from '../../../src/ingest/ingest-service.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { RULES } from '../../../src/rules/catalogue/index.js';
import { createAlertStore } from '../../../src/store/alert-store.js';
import { buildTestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

let db: TestDatabase;
let feed: DemoFeed;
const refused: unknown[] = [];

const log = { info: () => {}, warn: (o: unknown) => void refused.push(o) } as never;

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(sql, params);
  return Number(rows[0]!.n);
}

const openStuckFor = (warehouse: string) =>
  count(
    `SELECT count(*) AS n FROM alerts a JOIN orders o ON o.id = a.order_id
     WHERE a.rule = 'stuck_unpicked' AND a.state <> 'resolved' AND o.warehouse = $1`,
    [warehouse],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  const clock = fakeClock('2026-11-22T12:00:00Z');
  const config = loadConfig({});
  const detection = createDetectionService({
    store: createAlertStore(db.pool),
    active: activeRules(RULES, config),
    routes: config.routes,
    clock,
  });
  const ingest = createIngestService({
    store: db.store,
    clock,
    afterCommit: async (ids) => void (await detection.evaluate(ids)),
  });
  feed = createDemoFeed({ ingest, clock, random: seededRandom(20261122), log, ratePerMinute: 30 });
  // Six simulated minutes, a tick every 5 s.
  for (let i = 0; i < 72; i++) {
    clock.advance(5_000);
    await feed.tick();
  }
});

afterAll(async () => {
  await db?.drop();
});

describe('demo feed on the real store', () => {
  it('ingests everything it sends', () => {
    expect(refused).toEqual([]);
  });

  it('opens alerts of every rule within a few simulated minutes', async () => {
    const { rows } = await db.pool.query<{ rule: string }>('SELECT DISTINCT rule FROM alerts');
    expect(rows.map((r) => r.rule).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('leaves an open alert of every kind', async () => {
    const { rows } = await db.pool.query<{ kind: string }>(
      `SELECT DISTINCT kind FROM alerts WHERE state = 'open'`,
    );
    expect(rows.map((r) => r.kind).sort()).toEqual(['logistics', 'refund', 'stuck', 'suspect']);
  });

  it('asks for two approvers on some refunds', async () => {
    const n = await count(
      `SELECT count(*) AS n FROM alerts WHERE rule = 'refund_approval' AND (details->>'secondApprover')::boolean`,
    );
    expect(n).toBeGreaterThan(0);
  });

  it('opens one stuck alert per order when a burst of 60 hits hz-1', async () => {
    const before = await openStuckFor('hz-1');
    expect(await feed.burst()).toEqual({ injected: 60 });
    expect((await openStuckFor('hz-1')) - before).toBe(60);
  });

  it('serves POST /api/v1/demo/burst behind the bearer token', async () => {
    const t = await buildTestApp(db);
    demoRoutes(t.app, { feed });
    try {
      const url = '/api/v1/demo/burst';
      expect((await t.app.inject({ method: 'POST', url, payload: {} })).statusCode).toBe(401);
      const before = await openStuckFor('sh-2');
      const ok = await t.app.inject({
        method: 'POST',
        url,
        headers: t.auth,
        payload: { count: 5, warehouse: 'sh-2' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ injected: 5 });
      expect((await openStuckFor('sh-2')) - before).toBe(5);
      const bad = await t.app.inject({ method: 'POST', url, headers: t.auth, payload: { count: 0 } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'invalid_body' });
    } finally {
      await t.app.close();
    }
  });
});
