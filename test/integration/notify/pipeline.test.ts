// The delivery pipeline on the real database with a scripted notifier: outbox, dedup, muting, retry,
// dead letters, budgets and digests, leases after a crash, and two processes sharing the work.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/index.js';
import { createLogger } from '../../../src/lib/logger.js';
import { createDeliveryService } from '../../../src/notify/delivery-service.js';
import type { ChannelKind } from '../../../src/notify/notifier.js';
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
  teams: [],
  wecom: { apiBase: 'x', app: null, callback: null, bot: null, webhookKey: 'group-key' },
  dingtalk: { apiBase: 'x', oapiBase: 'x', app: null, webhook: null },
};

function pipeline(
  channels: ChannelKind[] = ['wecom_webhook'],
  retry = { baseMs: 1000, capMs: 60_000, maxAttempts: 3 },
) {
  const fake = createFakeNotifier(channels, () => t.clock.now());
  const store = createDeliveryStore(db.pool);
  const service = createDeliveryService({
    store,
    targets: createTargetResolver(config, new Set(channels)),
    notifiers: [fake.notifier],
    renderer: fakeRenderer,
    clock: t.clock,
    log: createLogger('silent'),
    retry,
    random: () => 0.5,
  });
  return { ...fake, service, store };
}

const post = (orders: Record<string, unknown>[]) =>
  t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: t.auth, payload: { orders } });
/** Paid 12 h before the test clock and never picked: stuck_unpicked fires (one alert per order). */
const stuckOrder = (i: number) =>
  orderBody({ externalId: `TB${1000 + i}`, buyer: { name: '张三', phone: `139${String(10_000_000 + i)}` } });
const statuses = async () =>
  (
    await db.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM deliveries GROUP BY 1`,
    )
  ).rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.status]: r.n }), {});

describe('delivery pipeline', () => {
  it('sends a new alert once per target and keeps the platform reference for later updates', async () => {
    const p = pipeline(['wecom_webhook', 'wecom_app']);
    await post([stuckOrder(1)]);
    await p.service.pump();
    await p.service.pump({ scanAll: true });
    expect(p.calls.map((c) => [c.op, c.channel])).toEqual([['send', 'wecom_webhook']]); // no app users: no app target
    const cards = await db.pool.query(`SELECT target, seq, idem_key, ref FROM alert_cards`);
    expect(cards.rows).toEqual([
      { target: 'wecom_webhook:ops', seq: 0, idem_key: p.calls[0]!.key, ref: { msgid: 'm1' } },
    ]);
    expect(await statuses()).toEqual({ sent: 1 });
  });

  it('updates the same card when the alert resolves, and sends a new message where the channel cannot update', async () => {
    const p = pipeline(['wecom_webhook', 'dingtalk_card']);
    await post([stuckOrder(2)]);
    await p.service.pump();
    await post([{ ...stuckOrder(2), status: 'cancelled', cancelledAt: '2026-11-22T19:00:00+08:00' }]);
    await p.service.pump();
    expect(p.calls.map((c) => [c.op, c.card.variant])).toEqual([
      ['send', 'alert'],
      ['update', 'resolved'],
      ['send', 'resolved'],
    ]);
    expect(p.calls[2]!.key).not.toBe(p.calls[0]!.key); // a second message needs its own idempotency key
  });

  it('records muted alerts as muted without sending, and sends them once the silence ends', async () => {
    const p = pipeline();
    const silence = await t.app.inject({
      method: 'POST',
      url: '/api/v1/silences',
      headers: t.auth,
      payload: { matchers: { externalId: 'TB1003' }, duration: '1h', reason: '盘点', createdBy: 'ops' },
    });
    expect(silence.statusCode).toBe(201);
    await post([stuckOrder(3)]);
    await p.service.pump({ scanAll: true });
    expect(p.calls).toHaveLength(0);
    expect(await statuses()).toEqual({ muted: 1 });
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/silences/${silence.json().silence.id}`,
      headers: t.auth,
    });
    await t.app.inject({ method: 'POST', url: '/api/v1/sweep', headers: t.auth });
    await p.service.pump({ scanAll: true });
    expect(p.calls.map((c) => c.op)).toEqual(['send']);
  });

  it('retries a retryable failure after a backoff, and blocks the robot for as long as the platform asks', async () => {
    const p = pipeline();
    p.script(
      { ok: false, retryable: true, reason: 'HTTP 502' },
      { ok: false, retryable: true, reason: '45009', throttledForMs: 60_000 },
    );
    await post([stuckOrder(4)]);
    await p.service.pump();
    expect(await statuses()).toEqual({ pending: 1 });
    await p.service.pump({ scanAll: true }); // not due yet: nothing
    expect(p.calls).toHaveLength(1);
    t.clock.advance(1_000);
    await p.service.pump({ scanAll: true });
    expect(p.calls).toHaveLength(2);
    t.clock.advance(30_000); // still blocked
    await p.service.pump({ scanAll: true });
    expect(p.calls).toHaveLength(2);
    t.clock.advance(31_000);
    await p.service.pump({ scanAll: true });
    expect(p.calls).toHaveLength(3);
    expect(await statuses()).toEqual({ sent: 1 });
  });

  it('dead-letters a permanent failure at once and a retryable one after the last attempt; an operator can retry', async () => {
    const p = pipeline();
    p.script({ ok: false, retryable: false, reason: 'errcode 93000 invalid webhook url' });
    await post([stuckOrder(5)]);
    await p.service.pump();
    expect(await statuses()).toEqual({ dead: 1 });
    expect((await p.store.stats(t.clock.now())).dead).toBe(1);
    const dead = await p.store.list({ status: 'dead' }, 10, null);
    expect(dead.deliveries[0]).toMatchObject({ lastError: 'errcode 93000 invalid webhook url', attempts: 1 });

    p.script(
      ...Array.from({ length: 3 }, () => ({ ok: false as const, retryable: true, reason: 'timeout' })),
    );
    expect(await p.store.retryDead(dead.deliveries[0]!.id, t.clock.now())).toBe(true);
    for (let i = 0; i < 4; i++) {
      await p.service.pump({ scanAll: true });
      t.clock.advance(60_000);
    }
    expect(p.calls).toHaveLength(4);
    const again = await p.store.list({ status: 'dead' }, 10, null);
    expect(again.deliveries[0]!.lastError).toBe('gave up after 3 attempts: timeout');
  });

  it('folds a storm into digests: never over 20 a minute, and every alert represented', async () => {
    const p = pipeline();
    for (let burst = 0; burst < 10; burst++) {
      await post(Array.from({ length: 30 }, (_, i) => stuckOrder(100 + burst * 30 + i)));
      await p.service.pump();
      t.clock.advance(6_000);
      await p.service.pump({ scanAll: true });
    }
    for (let i = 0; i < 30; i++) {
      t.clock.advance(5_000);
      await p.service.pump({ scanAll: true });
    }
    const times = p.calls.map((c) => c.at);
    for (const start of times)
      expect(times.filter((x) => x >= start && x < start + 60_000).length).toBeLessThanOrEqual(20);
    const digests = p.calls.filter((c) => c.card.variant === 'digest');
    const singles = p.calls.filter((c) => c.card.variant !== 'digest');
    expect(digests.length).toBeGreaterThan(0);
    const represented = singles.length + digests.reduce((n, c) => n + Number(c.card.title.split(' ')[0]), 0);
    expect(represented).toBe(300);
    expect(await statuses()).toEqual({
      sent: singles.length + digests.length,
      digested: 300 - singles.length,
    });
  });

  it('resends a card whose sender died mid-send, with the same idempotency key, once the lease runs out', async () => {
    const p = pipeline();
    await post([stuckOrder(6)]);
    const planned = await p.store.plan(
      () => [{ id: 'wecom_webhook:default', channel: 'wecom_webhook', team: 'default' }],
      t.clock.now(),
    );
    expect(planned.targets).toEqual(['wecom_webhook:default']);
    const target = createTargetResolver(config, new Set<ChannelKind>(['wecom_webhook'])).byId(
      'wecom_webhook:default',
    )!;
    const lease = await p.store.claim({
      target,
      now: t.clock.now(),
      leaseMs: 60_000,
      choose: (due) => ({ send: due, fold: [] }),
    });
    expect(lease.claimed).toHaveLength(1); // ...and the process dies here, before sending
    await p.service.pump({ scanAll: true });
    expect(p.calls).toHaveLength(0); // leased: nobody else touches it
    t.clock.advance(61_000);
    await p.service.pump({ scanAll: true });
    expect(p.calls).toHaveLength(1);
    expect(p.calls[0]!.key).toMatch(/^ow_[0-9a-f]{32}_[0-9a-f]{8}_0$/);
    expect(await statuses()).toEqual({ sent: 1 });
  });

  it('hands back what it could not start within its lease, and sends it later, once', async () => {
    const p = pipeline();
    await post([stuckOrder(700), stuckOrder(701), stuckOrder(702)]);
    p.hooks.onCall = () => t.clock.advance(40_000); // a platform taking 40 s to answer
    await p.service.pump(); // lease 60 s, send timeout 10 s: no send may start after 30 s
    expect(p.calls).toHaveLength(1);
    expect(await statuses()).toEqual({ sent: 1, pending: 2 });
    p.hooks.onCall = undefined;
    await p.service.pump({ scanAll: true });
    expect(new Set(p.calls.map((c) => c.key)).size).toBe(3);
    expect(await statuses()).toEqual({ sent: 3 });
  });

  it('sends each card once when two processes pump the same outbox at the same time', async () => {
    const a = pipeline();
    const b = pipeline();
    await post(Array.from({ length: 12 }, (_, i) => stuckOrder(500 + i)));
    await Promise.all([
      a.service.pump(),
      b.service.pump(),
      a.service.pump({ scanAll: true }),
      b.service.pump({ scanAll: true }),
    ]);
    const keys = [...a.calls, ...b.calls].map((c) => c.key);
    expect(keys).toHaveLength(12);
    expect(new Set(keys).size).toBe(12);
  });
});
