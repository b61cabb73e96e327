// Issue 3's scenario: a generated day of ≥ 20,000 orders on six channels with known injected anomalies
// (test/fixtures/scenario/), loaded into a fresh database through the store, then detected twice at the
// same fixed "now": by the event-driven path (evaluate every order) and by the periodic sweep on an empty
// alerts table. Each rule must flag exactly the orders the injection plan says, on both paths.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetectionService, type SweepOutcome } from '../../../src/alerts/detection-service.js';
import { activeRules } from '../../../src/alerts/rule-settings.js';
import { loadConfig } from '../../../src/config/index.js';
import type { EventInput } from '../../../src/domain/event.js';
import type { OrderInput } from '../../../src/domain/order.js';
import { validateEvent } from '../../../src/ingest/validate-event.js';
import { validateOrder } from '../../../src/ingest/validate-order.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { RULES } from '../../../src/rules/catalogue/index.js';
import { createAlertStore } from '../../../src/store/alert-store.js';
import { generateScenario, type RuleId, type Scenario } from '../../fixtures/scenario/generate.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

const BATCH = 500;
const EVALUATE_BATCH = 2_000;
const ruleIds = RULES.map((r) => r.id);
const timeBasedRuleIds = RULES.filter((r) => r.timeBased).map((r) => r.id);

type Flagged = Map<string, Set<string>>;

let db: TestDatabase;
let scenario: Scenario;
const flagged: { evaluate: Flagged; sweep: Flagged } = { evaluate: new Map(), sweep: new Map() };
/** A sweep run right after the event-driven pass, over its alerts. */
let sweepAfterEvaluate: SweepOutcome;

function orderInput(body: Record<string, unknown>, i: number): OrderInput {
  const r = validateOrder(body, `/orders/${i}`);
  if (!r.ok)
    throw new Error(`generated order ${String(body.externalId)} is invalid: ${JSON.stringify(r.issues)}`);
  return r.order;
}

function eventInput(body: Record<string, unknown>, i: number): EventInput {
  const r = validateEvent(body, `/events/${i}`);
  if (!r.ok)
    throw new Error(`generated event of ${String(body.externalId)} is invalid: ${JSON.stringify(r.issues)}`);
  return r.event;
}

async function unresolvedAlerts(): Promise<Flagged> {
  const { rows } = await db.pool.query<{ rule: string; external_id: string }>(
    `SELECT a.rule, o.external_id FROM alerts a JOIN orders o ON o.id = a.order_id WHERE a.state <> 'resolved'`,
  );
  const out: Flagged = new Map();
  for (const r of rows) {
    if (!out.has(r.rule)) out.set(r.rule, new Set());
    out.get(r.rule)!.add(r.external_id);
  }
  return out;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

beforeAll(async () => {
  const started = Date.now();
  scenario = generateScenario();
  const generated = Date.now();
  db = await createTestDatabase();
  const now = scenario.now;

  for (let i = 0; i < scenario.orders.length; i += BATCH) {
    const inputs = scenario.orders.slice(i, i + BATCH).map((o, j) => orderInput(o, i + j));
    await db.store.upsertOrders(inputs, now);
  }
  const ordersLoaded = Date.now();
  for (let i = 0; i < scenario.events.length; i += BATCH) {
    const inputs = scenario.events.slice(i, i + BATCH).map((e, j) => eventInput(e, i + j));
    const outcomes = await db.store.appendEvents(inputs, now);
    const unknown = outcomes.findIndex((o) => !o.ok);
    if (unknown >= 0) throw new Error(`event ${i + unknown} names an order the store does not know`);
  }
  const loaded = Date.now();

  const config = loadConfig({});
  const detection = createDetectionService({
    store: createAlertStore(db.pool),
    active: activeRules(RULES, config),
    routes: config.routes,
    clock: fakeClock(now),
  });

  // (a) Event-driven: every order evaluated, as ingest hands over the orders it touched.
  const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM orders ORDER BY created_at, id');
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += EVALUATE_BATCH)
    await detection.evaluate(ids.slice(i, i + EVALUATE_BATCH));
  flagged.evaluate = await unresolvedAlerts();
  const evaluated = Date.now();
  sweepAfterEvaluate = await detection.sweep();

  // (b) Periodic: from an empty alerts table, one sweep at the same instant.
  await db.pool.query('TRUNCATE alerts CASCADE');
  const sweepStarted = Date.now();
  const sweep = await detection.sweep();
  flagged.sweep = await unresolvedAlerts();
  const swept = Date.now();

  console.info(
    `scenario: ${scenario.orders.length} orders, ${scenario.events.length} events; ` +
      `generated in ${seconds(generated - started)}, orders loaded in ${seconds(ordersLoaded - generated)}, ` +
      `events in ${seconds(loaded - ordersLoaded)}, ` +
      `evaluated in ${seconds(evaluated - loaded)}, sweep opened ${sweep.opened} alerts in ${seconds(swept - sweepStarted)}`,
  );
}, 300_000);

afterAll(async () => db?.drop());

function expectExactly(rule: string, actual: Flagged): void {
  const want = scenario.expected.get(rule as RuleId) ?? new Set<string>();
  const got = actual.get(rule) ?? new Set<string>();
  const show = (id: string) => `${id} (${scenario.labels.get(id) ?? 'unknown order'})`;
  const misses = [...want]
    .filter((id) => !got.has(id))
    .sort()
    .map(show);
  const falsePositives = [...got]
    .filter((id) => !want.has(id))
    .sort()
    .map(show);
  expect(
    { misses, falsePositives },
    `${rule}: ${want.size} injected, ${got.size} flagged; ${misses.length} missed, ${falsePositives.length} false positives`,
  ).toEqual({ misses: [], falsePositives: [] });
}

describe(`a generated scenario of ≥ 20,000 orders with injected anomalies`, () => {
  it('holds at least 20,000 orders on all six channels, and injects dozens of anomalies for every rule', () => {
    expect(scenario.orders.length).toBeGreaterThanOrEqual(20_000);
    expect(new Set(scenario.orders.map((o) => o.channel))).toEqual(
      new Set(['taobao', 'tmall', 'jd', 'pdd', 'douyin', 'shopify']),
    );
    const thin = ruleIds.filter((id) => (scenario.expected.get(id as RuleId)?.size ?? 0) < 20);
    expect(thin, 'rules with fewer than 20 injected anomalies (extend test/fixtures/scenario/)').toEqual([]);
  });

  it('is the same scenario on every run (seeded)', () => {
    const digest = (s: Scenario) =>
      createHash('sha256')
        .update(JSON.stringify([s.orders, s.events, [...s.expected].map(([k, v]) => [k, [...v]])]))
        .digest('hex');
    expect(digest(generateScenario())).toBe(digest(scenario));
  });
});

describe('event-driven path (evaluate every order)', () => {
  it.each(ruleIds)('detects every injected %s anomaly with no false positives', (rule) => {
    expectExactly(rule, flagged.evaluate);
  });
});

describe('periodic path (one sweep on an empty alerts table)', () => {
  it('changes nothing when it runs right after the event-driven pass (both paths agree)', () => {
    const { opened, changed, resolved } = sweepAfterEvaluate;
    expect({ opened, changed, resolved }).toEqual({ opened: 0, changed: 0, resolved: 0 });
  });

  it.each(timeBasedRuleIds)('detects every injected %s anomaly with no false positives', (rule) => {
    expectExactly(rule, flagged.sweep);
  });
});
