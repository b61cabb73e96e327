// An escalation level reaches its people: a new @-message in each group, the card to each of them
// personally, a DING where asked, the customer's delay notice where asked; each send keyed per level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/lib/logger.js';
import { createEscalationEffects } from '../../../src/notify/escalation-effects.js';
import type { Notifier, SendOutcome } from '../../../src/notify/notifier.js';
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

const zhang = { id: 'zhangsan', name: '张三', wecom: 'zhangsan', dingtalk: 'ding-zhang' };

describe('escalation effects', () => {
  it('mentions the level people in the group, sends them the card and a DING, and asks for the delay notice', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: t.auth,
      payload: { orders: [orderBody()] },
    });
    const { rows } = await db.pool.query<{ id: string; order_id: string }>(
      `SELECT id, order_id FROM alerts LIMIT 1`,
    );
    const alert = rows[0]!;
    const base = loadConfig({});
    const config = { ...base, wecom: { ...base.wecom, webhookKey: 'group-key' } };
    const fake = createFakeNotifier(['wecom_webhook', 'wecom_app', 'dingtalk_direct'], () => t.clock.now());
    const dings: string[][] = [];
    const notifier: Notifier = {
      ...fake.notifier,
      ding: async (req): Promise<SendOutcome> => (dings.push(req.userIds), { ok: true, ref: {} }),
    };
    const notices: string[] = [];
    const effects = createEscalationEffects({
      store: createDeliveryStore(db.pool),
      notifiers: [notifier],
      targets: createTargetResolver(config, new Set(notifier.channels)),
      renderer: fakeRenderer,
      clock: t.clock,
      log: createLogger('silent'),
      customerNotice: async (orderId) => void notices.push(orderId),
    });
    await effects.levelReached(alert.id, 1, [zhang], { ding: true, customerNotice: true });
    const sent = fake.calls.map((c) => [c.channel, c.card.variant, c.card.mentions.map((m) => m.name)]);
    expect(sent).toEqual([
      ['wecom_webhook', 'escalated', ['张三']],
      ['wecom_app', 'escalated', ['张三']],
      ['dingtalk_direct', 'escalated', ['张三']],
    ]);
    expect(new Set(fake.calls.map((c) => c.key)).size).toBe(3);
    expect(fake.calls.every((c) => c.key!.includes('_1_'))).toBe(true);
    expect(dings).toEqual([['ding-zhang']]);
    expect(notices).toEqual([alert.order_id]);
  });
});
