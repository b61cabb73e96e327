// The ingest → queue → worker path on both BullMQ backends: Redis and BullMQ's Postgres backend.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueKit, type QueueKit } from '../../../jobs/queues.js';
import { detectHandler } from '../../../jobs/detect-worker.js';
import { createIngestService } from '../../../src/ingest/ingest-service.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { createDetectionService } from '../../../src/rules/detection-service.js';
import type { Rule } from '../../../src/rules/types.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { REDIS_URL } from '../../helpers/env.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

const until = async (cond: () => boolean, what: string, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.each(['redis', 'postgres'] as const)('detection hand-off on the %s queue backend', (backend) => {
  let db: TestDatabase;
  let kit: QueueKit;
  const evaluated: string[][] = [];
  // A probe rule: it records what the worker saw, through the same path real rules will take.
  const probe: Rule = {
    id: 'probe',
    evaluate: (o) => [
      { rule: 'probe', orderId: o.id, severity: 'info', summary: `${o.externalId}:${o.status}` },
    ],
  };
  const summaries: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // Each run gets its own key namespace, so jobs kept from earlier runs cannot dedupe this run's.
    const url = backend === 'redis' ? REDIS_URL : db.url;
    kit = createQueueKit({ kind: backend, url, namespace: `ow-test-${randomUUID().slice(0, 8)}` });
    const detection = createDetectionService({
      loadOrders: (ids) => db.store.getOrdersById(ids),
      rules: [probe],
      clock: fakeClock('2026-11-22T12:00:00Z'),
      onFindings: async (findings, orders) => {
        evaluated.push(orders.map((o) => o.externalId).sort());
        summaries.push(...findings.map((f) => f.summary));
      },
    });
    kit.work('detect', detectHandler(detection));
  });
  afterAll(async () => {
    await kit?.obliterate();
    await kit?.close();
    await db?.drop();
  });

  it('hands the changed orders to a worker after commit, and nothing when nothing changed', async () => {
    const ingest = createIngestService({
      store: db.store,
      clock: fakeClock('2026-11-22T12:00:00Z'),
      afterCommit: (ids) => kit.add('detect', { orderIds: ids }, `detect-${randomUUID()}`),
    });
    const run = randomUUID().slice(0, 8);
    const batch = { orders: [orderBody({ externalId: `${run}-A` }), orderBody({ externalId: `${run}-B` })] };
    await ingest.ingestOrders(batch);
    await until(() => evaluated.length === 1, 'the first detection job');
    expect(evaluated[0]).toEqual([`${run}-A`, `${run}-B`]);

    await ingest.ingestOrders(batch); // unchanged: no job
    await ingest.ingestEvents({
      events: [eventBody('picked', '2026-11-22T09:00:00+08:00', {}, { externalId: `${run}-B` })],
    });
    await until(() => evaluated.length === 2, 'the event detection job');
    expect(evaluated[1]).toEqual([`${run}-B`]);
    expect(summaries).toContain(`${run}-B:picking`);
    await new Promise((r) => setTimeout(r, 300));
    expect(evaluated).toHaveLength(2);
  });

  it('runs a job once when the same job id is enqueued twice', async () => {
    const before = evaluated.length;
    const [id] = (await db.store.upsertOrders([], new Date())).map((r) => r.id);
    expect(id).toBeUndefined();
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM orders LIMIT 1');
    await kit.add('detect', { orderIds: [rows[0]!.id] }, 'detect-fixed-id');
    await kit.add('detect', { orderIds: [rows[0]!.id] }, 'detect-fixed-id');
    await until(() => evaluated.length === before + 1, 'the deduplicated job');
    await new Promise((r) => setTimeout(r, 500));
    expect(evaluated.length).toBe(before + 1);
  });
});
