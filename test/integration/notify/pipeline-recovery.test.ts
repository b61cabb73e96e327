// The delivery pipeline after the faults the crash suite (test/faults) found: updates of a shown card
// spend no budget and are never folded, a resolution reaches the cards of a muted alert, a send whose
// outcome is unknown is finished before anything newer, and an update whose answer was lost is not
// repeated as a second card. Real database, scripted notifier.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/index.js';
import { createLogger } from '../../../src/lib/logger.js';
import { createDeliveryService } from '../../../src/notify/delivery-service.js';
import type { ChannelKind, Notifier } from '../../../src/notify/notifier.js';
import { createTargetResolver } from '../../../src/notify/targets.js';
import { createDeliveryStore } from '../../../src/store/delivery-store.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { createFakeNotifier, fakeRenderer } from '../../helpers/fake-notifier.js';
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
  await db.pool.query('TRUNCATE orders, silences, send_budget, send_blocks, deliveries CASCADE');
  t.clock.set('2026-11-22T12:00:00Z');
});

const config: Pick<Config, 'teams' | 'people' | 'wecom' | 'dingtalk'> = {
  people: [],
  teams: [{ id: 'ops', wecomWebhookKey: 'k', wecomUsers: [], dingtalkConversation: 'cidOPS', onDuty: [] }],
  wecom: { apiBase: 'x', app: null, callback: null, bot: null, webhookKey: null },
  dingtalk: {
    apiBase: 'x',
    oapiBase: 'x',
    app: { clientId: 'c', clientSecret: 's', robotCode: 'c', cardTemplateId: 'tpl' },
    webhook: null,
  },
};
const CARD: ChannelKind = 'dingtalk_card';

/** A DingTalk-card-like notifier: a card once sent can always be updated in place. */
function pipeline(channel: ChannelKind = CARD) {
  const fake = createFakeNotifier([channel], () => t.clock.now());
  const notifier: Notifier = {
    ...fake.notifier,
    updatesInPlace: (channel, ref) => channel === CARD && typeof ref.msgid === 'string',
  };
  const store = createDeliveryStore(db.pool);
  const service = createDeliveryService({
    store,
    targets: createTargetResolver(config, new Set([channel])),
    notifiers: [notifier],
    renderer: fakeRenderer,
    clock: t.clock,
    log: createLogger('silent'),
    retry: { baseMs: 1000, capMs: 60_000, maxAttempts: 5 },
    random: () => 0.5,
  });
  const target = createTargetResolver(config, new Set([channel])).byId(`${channel}:ops`)!;
  /** What a process that dies right after taking its lease leaves behind. */
  const leaseAndDie = async () => {
    await store.plan(() => [{ id: target.id, channel, team: 'ops' }], t.clock.now());
    const lease = await store.claim({
      target,
      now: t.clock.now(),
      leaseMs: 60_000,
      choose: (due) => ({ send: due, fold: [] }),
    });
    expect(lease.claimed).toHaveLength(1);
  };
  return { ...fake, service, store, leaseAndDie };
}

const post = (orders: Record<string, unknown>[]) =>
  t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: t.auth, payload: { orders } });
const stuckOrder = (i: number) =>
  orderBody({ externalId: `TB${3000 + i}`, buyer: { name: '张三', phone: `139${String(30_000_000 + i)}` } });
const cancelled = (i: number) => ({
  ...stuckOrder(i),
  status: 'cancelled',
  cancelledAt: '2026-11-22T19:00:00+08:00',
});
const alertOf = async (i: number) =>
  (
    await db.pool.query<{ id: string }>(
      `SELECT a.id FROM alerts a JOIN orders o ON o.id = a.order_id WHERE o.external_id = $1`,
      [`TB${3000 + i}`],
    )
  ).rows[0]!.id;
const claim = async (alertId: string) =>
  db.pool.query(
    `UPDATE alerts SET state = 'claimed', claimed_by = 'lisi', revision = revision + 1, updated_at = now()
     WHERE id = $1`,
    [alertId],
  );

describe('delivery pipeline recovery', () => {
  it('updates shown cards in place even when the chat’s message budget is spent, and spends none of it', async () => {
    const p = pipeline();
    await post(Array.from({ length: 10 }, (_, i) => stuckOrder(i)));
    await p.service.pump();
    expect(p.calls.filter((c) => c.op === 'send')).toHaveLength(10);
    await db.pool.query(
      `INSERT INTO send_budget (key, at) SELECT 'dingtalk-robot:c:cidOPS', $1 FROM generate_series(1, 10)`,
      [t.clock.now()],
    ); // 20 of 20 spent this minute
    for (let i = 0; i < 10; i++) await claim(await alertOf(i));
    t.clock.advance(30_000); // past any digest wait
    await p.service.pump({ scanAll: true });
    expect(p.calls.filter((c) => c.op === 'update')).toHaveLength(10);
    expect(p.calls.some((c) => c.card.variant === 'digest')).toBe(false);
    const spent = await db.pool.query(`SELECT count(*)::int AS n FROM send_budget`);
    expect(spent.rows[0].n).toBe(20);
  });

  it('shows the resolution on the card of an alert that was muted when it resolved', async () => {
    const p = pipeline();
    await post([stuckOrder(20)]);
    await p.service.pump();
    const id = await alertOf(20);
    await db.pool.query(
      `UPDATE alerts SET muted_reason = 'inhibited: order on hold (held)', revision = revision + 1 WHERE id = $1`,
      [id],
    );
    await p.service.pump();
    expect(p.calls.map((c) => c.op)).toEqual(['send']); // muted: the change is held back
    await post([cancelled(20)]);
    await p.service.pump();
    expect(p.calls.map((c) => [c.op, c.card.variant])).toEqual([
      ['send', 'alert'],
      ['update', 'resolved'],
    ]);
  });

  it('finishes a send whose process died before anything newer: resent under its key, then updated', async () => {
    const p = pipeline();
    await post([stuckOrder(30)]);
    await p.leaseAndDie(); // the platform may have shown the card; nobody recorded it
    await claim(await alertOf(30));
    await p.service.pump({ scanAll: true });
    expect(p.calls).toHaveLength(0); // the lease still holds the first send
    t.clock.advance(61_000);
    await p.service.pump({ scanAll: true });
    expect(p.calls.map((c) => c.op)).toEqual(['send', 'update']);
    expect(new Set(p.calls.filter((c) => c.op === 'send').map((c) => c.key)).size).toBe(1);
  });

  it('resends a card whose process died even when its alert resolved meanwhile, so the chat sees it resolved', async () => {
    const p = pipeline();
    await post([stuckOrder(40)]);
    await p.leaseAndDie();
    await post([cancelled(40)]);
    t.clock.advance(61_000);
    await p.service.pump({ scanAll: true });
    const sent = p.calls.map((c) => [c.op, c.card.variant]);
    expect(sent[0]).toEqual(['send', 'resolved']); // same key as the lost send: the platform dedupes it
    expect(sent.slice(1).every(([op]) => op === 'update')).toBe(true);
  });

  it('sends one message, the newest, where nothing can be updated, after a first send failed', async () => {
    const p = pipeline('wecom_webhook');
    await post([stuckOrder(60)]);
    p.script({ ok: false, retryable: true, reason: 'HTTP 502' });
    await p.service.pump();
    await claim(await alertOf(60));
    t.clock.advance(5_000);
    await p.service.pump({ scanAll: true });
    await p.service.pump({ scanAll: true });
    expect(p.calls.map((c) => [c.op, c.card.status])).toEqual([
      ['send', 'open'],
      ['send', 'claimed'],
    ]);
    const rows = await db.pool.query(`SELECT status FROM deliveries ORDER BY revision`);
    expect(rows.rows.map((r) => r.status)).toEqual(['superseded', 'sent']);
  });

  it('takes an update whose answer was lost, then refused as already spent, as applied: no second card', async () => {
    const p = pipeline();
    await post([stuckOrder(50)]);
    await p.service.pump();
    await claim(await alertOf(50));
    p.script(
      { ok: false, retryable: true, reason: 'no answer within 1500 ms' },
      { ok: false, retryable: false, notUpdatable: true, credentialSpent: true, reason: 'errcode 40035' },
    );
    await p.service.pump();
    t.clock.advance(5_000);
    await p.service.pump({ scanAll: true });
    expect(p.calls.map((c) => c.op)).toEqual(['send', 'update', 'update']);
    const rows = await db.pool.query(`SELECT status FROM deliveries ORDER BY revision`);
    expect(rows.rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});
