// The ingest → queue → worker → alerts path on both BullMQ backends: Redis and BullMQ's Postgres backend.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueKit, type QueueKit } from '../../../jobs/queues.js';
import { detectHandler, sweepHandler } from '../../../jobs/detect-worker.js';
import { createDetectionService } from '../../../src/alerts/detection-service.js';
import { activeRules } from '../../../src/alerts/rule-settings.js';
import { loadConfig } from '../../../src/config/index.js';
import { createIngestService } from '../../../src/ingest/ingest-service.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { RULES } from '../../../src/rules/catalogue/index.js';
import { createAlertStore } from '../../../src/store/alert-store.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { REDIS_URL } from '../../helpers/env.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

const until = async (cond: () => Promise<boolean>, what: string, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.each(['redis', 'postgres'] as const)('detection hand-off on the %s queue backend', (backend) => {
  let db: TestDatabase;
  let kit: QueueKit;
  let jobs = 0;
  let sweeps = 0;
  const clock = fakeClock('2026-11-22T12:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    // Each run gets its own queue namespace, so jobs kept from earlier runs cannot dedupe this run's.
    const url = backend === 'redis' ? REDIS_URL : db.url;
    kit = createQueueKit({ kind: backend, url, namespace: `ow-test-${randomUUID().slice(0, 8)}` });
    const config = loadConfig({});
    const detection = createDetectionService({
      store: createAlertStore(db.pool),
      active: activeRules(RULES, config),
      routes: config.routes,
      clock,
    });
    const sweep = sweepHandler(detection);
    kit.work('sweep', async () => {
      const r = await sweep();
      sweeps++;
      return r;
    });
    const handle = detectHandler(detection);
    kit.work('detect', async (data) => {
      const r = await handle(data);
      jobs++;
      return r;
    });
  });
  afterAll(async () => {
    await kit?.obliterate();
    await kit?.close();
    await db?.drop();
  });

  const alertStates = async (externalId: string) =>
    (
      await db.pool.query<{ rule: string; state: string }>(
        `SELECT a.rule, a.state FROM alerts a JOIN orders o ON o.id = a.order_id WHERE o.external_id = $1 ORDER BY a.opened_at`,
        [externalId],
      )
    ).rows;

  it('opens an alert through the worker after commit, resolves it when the order moves, and queues nothing for an unchanged re-post', async () => {
    const ingest = createIngestService({
      store: db.store,
      clock,
      afterCommit: (ids) => kit.add('detect', { orderIds: ids }, `detect-${randomUUID()}`),
    });
    const id = `${randomUUID().slice(0, 8)}-A`;
    // Paid at 08:01 Shanghai, now 20:00 Shanghai: unpicked for ~12 h.
    await ingest.ingestOrders({ orders: [orderBody({ externalId: id })] });
    await until(
      async () => (await alertStates(id)).some((a) => a.rule === 'stuck_unpicked'),
      'the stuck alert',
    );
    expect(await alertStates(id)).toContainEqual({ rule: 'stuck_unpicked', state: 'open' });

    const before = jobs;
    await ingest.ingestOrders({ orders: [orderBody({ externalId: id })] }); // unchanged: no job
    await ingest.ingestEvents({
      events: [eventBody('picked', '2026-11-22T19:00:00+08:00', {}, { externalId: id })],
    });
    await until(async () => (await alertStates(id)).some((a) => a.state === 'resolved'), 'the resolution');
    expect(await alertStates(id)).toContainEqual({ rule: 'stuck_unpicked', state: 'resolved' });
    await new Promise((r) => setTimeout(r, 300));
    expect(jobs).toBe(before + 1);
  });

  it('runs a job once when the same job id is enqueued twice', async () => {
    const before = jobs;
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM orders LIMIT 1');
    const jobId = `detect-twice-${randomUUID()}`;
    await kit.add('detect', { orderIds: [rows[0]!.id] }, jobId);
    await kit.add('detect', { orderIds: [rows[0]!.id] }, jobId);
    await until(async () => jobs === before + 1, 'the deduplicated job');
    await new Promise((r) => setTimeout(r, 500));
    expect(jobs).toBe(before + 1);
  });

  it('sweeps on the job scheduler and opens the alerts time alone brings', async () => {
    const ingest = createIngestService({ store: db.store, clock, afterCommit: async () => {} });
    const id = `${randomUUID().slice(0, 8)}-S`;
    clock.set('2026-11-22T01:00:00Z'); // 09:00 Shanghai: paid at 08:01, not yet stuck
    await ingest.ingestOrders({ orders: [orderBody({ externalId: id })] });
    await kit.every('sweep', 200, {});
    await kit.every('sweep', 200, {}); // idempotent: still one scheduler
    const before = sweeps;
    await until(async () => sweeps >= before + 2, 'two scheduled sweeps');
    expect(await alertStates(id)).toEqual([]);
    clock.set('2026-11-22T02:30:00Z'); // paid 2h29m ago: stuck
    await until(async () => (await alertStates(id)).length > 0, 'the swept alert');
    expect(await alertStates(id)).toEqual([{ rule: 'stuck_unpicked', state: 'open' }]);
  });
});
