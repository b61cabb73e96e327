// An order whose detection hand-off was lost (the process died between the ingest commit and the
// enqueue): ingest marks it due in its own transaction, and the sweep detects it once it is overdue,
// so an event-driven alert is never lost. Detection clears the mark, so nothing is detected twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetectionService, DETECTION_OVERDUE_MS } from '../../../src/alerts/detection-service.js';
import { activeRules } from '../../../src/alerts/rule-settings.js';
import { loadConfig } from '../../../src/config/index.js';
import { createIngestService } from '../../../src/ingest/ingest-service.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { RULES } from '../../../src/rules/catalogue/index.js';
import { createAlertStore } from '../../../src/store/alert-store.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

let db: TestDatabase;
const clock = fakeClock('2026-11-22T02:00:00Z'); // 10:00 Shanghai, before any stuck rule fires
let detection: ReturnType<typeof createDetectionService>;
let handedOn: string[][];
let lost: ReturnType<typeof createIngestService>;
let delivered: ReturnType<typeof createIngestService>;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({});
  detection = createDetectionService({
    store: createAlertStore(db.pool),
    active: activeRules(RULES, config),
    routes: config.routes,
    clock,
  });
  handedOn = [];
  // The crash: the commit happened, the hand-off never did.
  lost = createIngestService({ store: db.store, clock, afterCommit: async () => {} });
  delivered = createIngestService({
    store: db.store,
    clock,
    afterCommit: async (ids) => {
      handedOn.push(ids);
      await detection.evaluate(ids);
    },
  });
});
afterAll(async () => db?.drop());

const rulesOf = async (externalId: string) =>
  (
    await db.pool.query<{ rule: string }>(
      `SELECT a.rule FROM alerts a JOIN orders o ON o.id = a.order_id WHERE o.external_id = $1 ORDER BY 1`,
      [externalId],
    )
  ).rows.map((r) => r.rule);
const due = async (externalId: string) =>
  (await db.pool.query(`SELECT detect_due_at FROM orders WHERE external_id = $1`, [externalId])).rows[0]
    .detect_due_at as Date | null;
const testOrder = (externalId: string) =>
  orderBody({
    externalId,
    remark: '测试订单，勿发',
    createdAt: '2026-11-22T09:55:00+08:00',
    paidAt: '2026-11-22T09:56:00+08:00',
  });

describe('a lost detection hand-off', () => {
  it('opens the alert at the first sweep after it is overdue, and not before', async () => {
    await lost.ingestOrders({ orders: [testOrder('TB-LOST-1')] });
    expect(await rulesOf('TB-LOST-1')).toEqual([]);
    expect(await due('TB-LOST-1')).not.toBeNull();

    clock.advance(DETECTION_OVERDUE_MS - 1000);
    expect((await detection.sweep()).redetected).toBe(0);
    expect(await rulesOf('TB-LOST-1')).toEqual([]);

    clock.advance(2000);
    const sweep = await detection.sweep();
    expect(sweep.redetected).toBe(1);
    expect(await rulesOf('TB-LOST-1')).toEqual(['suspect_test_order']);
    expect(await due('TB-LOST-1')).toBeNull();
    expect((await detection.sweep()).redetected).toBe(0);
  });

  it('marks an order due again when an event arrives after its detection, and clears it when that runs', async () => {
    await delivered.ingestOrders({ orders: [testOrder('TB-LOST-2')] });
    expect(await due('TB-LOST-2')).toBeNull(); // detected in the hand-off
    await lost.ingestEvents({
      events: [eventBody('cancelled', '2026-11-22T10:05:00+08:00', {}, { externalId: 'TB-LOST-2' })],
    });
    expect(await due('TB-LOST-2')).not.toBeNull();
    clock.advance(DETECTION_OVERDUE_MS + 1000);
    expect((await detection.sweep()).redetected).toBeGreaterThanOrEqual(1);
    expect(await due('TB-LOST-2')).toBeNull();
    const { rows } = await db.pool.query(
      `SELECT a.state FROM alerts a JOIN orders o ON o.id = a.order_id WHERE o.external_id = 'TB-LOST-2'`,
    );
    expect(rows.map((r) => r.state)).toEqual(['resolved']); // the cancellation cleared the test-order alert
  });

  it('leaves nothing due when an unchanged order is posted again', async () => {
    await delivered.ingestOrders({ orders: [testOrder('TB-LOST-3')] });
    await lost.ingestOrders({ orders: [testOrder('TB-LOST-3')] });
    expect(await due('TB-LOST-3')).toBeNull();
    expect(handedOn.length).toBeGreaterThan(0);
  });
});
