// Delivery end to end: the whole server, real Postgres and Redis, and the WeCom and DingTalk emulators
// reached only through WECOM_API_BASE / DINGTALK_API_BASE. Orders go in through the API; what counts
// is what the platforms show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody } from '../helpers/orders.js';
import { startDeliveryStack, waitUntil, type DeliveryStack } from '../helpers/delivery-stack.js';

const people = [
  { id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi' },
  { id: 'zhangsan', name: '张三', wecom: 'zhangsan', dingtalk: 'ding-zhangsan' },
  { id: 'wangwu', name: '王五', wecom: 'wangwu', dingtalk: 'ding-wangwu' },
];
const teams = [
  {
    id: 'ops',
    warehouse: 'hz-1',
    webhookKey: 'ops-key',
    users: ['lisi', 'zhangsan'],
    conversationId: 'cidOPS==',
    onDuty: ['lisi'],
  },
  {
    id: 'storm',
    warehouse: 'storm-1',
    webhookKey: 'storm-key',
    users: ['wangwu'],
    conversationId: 'cidSTORM==',
    onDuty: ['wangwu'],
  },
  {
    id: 'flaky',
    warehouse: 'flaky-1',
    webhookKey: 'flaky-key',
    users: ['zhangsan'],
    conversationId: 'cidFLAKY==',
    onDuty: ['zhangsan'],
  },
];

let s: DeliveryStack;
beforeAll(async () => {
  s = await startDeliveryStack({
    people,
    teams,
    env: {
      DIGEST_WAIT_SECONDS: '1',
      DELIVERY_RELAY_SECONDS: '1',
      DELIVERY_RETRY_BASE_MS: '100',
      PLATFORM_TIMEOUT_MS: '400',
    },
  });
});
afterAll(async () => s?.stop());

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const HOUR = 3_600_000;
let seq = 0;
/** Paid three hours ago and not picked: stuck_unpicked fires, nothing else. */
const stuck = (warehouse: string) => {
  seq++;
  return orderBody({
    externalId: `E2E${warehouse}-${seq}`,
    warehouse,
    buyer: { name: '周敏', phone: `137${String(10_000_000 + seq)}` },
    createdAt: iso(3 * HOUR + 60_000),
    paidAt: iso(3 * HOUR),
    promisedShipAt: iso(-24 * HOUR),
  });
};
const postOrders = async (orders: Record<string, unknown>[]) => {
  const res = await s.post('/api/v1/orders', { orders });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { results: { ok: boolean }[] };
  expect(body.results.every((r) => r.ok)).toBe(true);
};
const dingCards = (cid: string) => s.dingtalk.cards(cid);
const digestTotal = (text: string) => Number(/(\d+) 条告警待处理/.exec(text)?.[1] ?? 0);

describe('delivery through the platforms', () => {
  it('shows an anomaly as a valid card in the right group with the on-duty person mentioned, then updates that card when it resolves', async () => {
    const order = stuck('hz-1');
    await postOrders([order]);
    const id = order.externalId as string;
    const card = await waitUntil(
      () => dingCards('cidOPS==').find((c) => (c.cardParamMap.title ?? '').includes(id)),
      'the DingTalk card',
    );
    expect(card.atUserIds).toEqual({ 'ding-lisi': '李四' });
    expect(card.cardParamMap.variant).toBe('alert');
    expect(card.unknownKeys).toEqual([]);
    const webhook = await waitUntil(
      () => s.wecom.groupMessages('ops-key').find((m) => m.text.includes(id)),
      'the WeCom group message',
    );
    expect(webhook.mentions).toEqual(['lisi']);
    expect(webhook.text).not.toContain('13710000'); // the buyer's phone is masked in groups
    const appCard = await waitUntil(
      () => s.wecom.cards().find((c) => JSON.stringify(c.recipients).includes(id)),
      'the WeCom app card',
    );
    expect(Object.keys(appCard.recipients).sort()).toEqual(['lisi', 'zhangsan']);
    expect(s.dingtalk.validationErrors()).toEqual([]);
    // The card's link opens the order for whoever taps it, the buyer masked as on the card (PORT=0: take
    // the path, ask the server).
    const link = new URL(card.cardParamMap.linkUrl!);
    const page = await fetch(`${s.url}${link.pathname}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(id);
    expect(html).toContain('周*');
    expect(html).not.toContain('周敏');

    const picked = { channel: 'taobao', externalId: id, type: 'picked', at: iso(0), data: {} };
    expect((await s.post('/api/v1/events', { events: [picked] })).status).toBe(200);
    const updated = await waitUntil(
      () => s.dingtalk.card(card.outTrackId)?.history.find((h) => h.via === 'update'),
      'the DingTalk card update',
    );
    expect(updated.cardParamMap.variant).toBe('resolved');
    expect(dingCards('cidOPS==').map((c) => c.outTrackId)).toEqual([card.outTrackId]); // the same card, updated
    await waitUntil(() => s.wecom.card(appCard.taskId)!.history.length > 0, 'the WeCom app card update');
    await waitUntil(
      () => s.wecom.groupMessages('ops-key').filter((m) => m.text.includes(id)).length === 2,
      'the resolved notice in the webhook group',
    );
  });

  it('keeps a storm of 300 alerts for one group within every budget and represents each of them', async () => {
    // Bursts of growing size over a few seconds: the first cards go one by one, the rest fold.
    for (const n of [5, 10, 60, 100, 125]) {
      await postOrders(Array.from({ length: n }, () => stuck('storm-1')));
      await new Promise((r) => setTimeout(r, 1200));
    }
    const represented = () => {
      const webhook = s.wecom.groupMessages('storm-key');
      const cards = dingCards('cidSTORM==');
      const app = s.wecom.appMessages('wangwu');
      const count = (texts: string[]) => texts.reduce((n, t) => n + (digestTotal(t) || 1), 0);
      return {
        webhook: count(webhook.map((m) => m.text)),
        dingtalk: count(cards.map((c) => c.cardParamMap.title ?? '')),
        app: count(app.map((m) => JSON.stringify(m.body))),
      };
    };
    await waitUntil(
      () => {
        const r = represented();
        return r.webhook === 300 && r.dingtalk === 300 && r.app === 300;
      },
      'all 300 alerts represented on every channel',
      60_000,
    );
    const perMinute = (times: number[]) =>
      Math.max(...times.map((t) => times.filter((x) => x >= t && x < t + 60_000).length));
    expect(perMinute(s.wecom.groupMessages('storm-key').map((m) => m.at))).toBeLessThanOrEqual(20);
    expect(perMinute(dingCards('cidSTORM==').map((c) => c.history[0]!.at))).toBeLessThanOrEqual(20);
    expect(perMinute(s.wecom.appMessages('wangwu').map((m) => m.at))).toBeLessThanOrEqual(30);
    expect(s.wecom.dropped()).toEqual([]);
    // The storm really was folded: a few cards one by one, the rest in digests.
    const texts = s.wecom.groupMessages('storm-key').map((m) => m.text);
    expect(texts.filter((t) => digestTotal(t) > 0).length).toBeGreaterThan(0);
    expect(texts.filter((t) => digestTotal(t) === 0).length).toBeGreaterThan(0);
    const throttled = s.wecom
      .requests()
      .filter((r) => (r.response as { errcode?: number })?.errcode === 45009);
    expect(throttled).toEqual([]);
  });

  it('delays cards while the platforms fail with 5xx, busy answers, throttling and timeouts, and loses or repeats none', async () => {
    s.wecom.fail({ kind: 'http5xx', count: 2, path: '/cgi-bin/message/send' });
    s.wecom.fail({ kind: 'timeout', count: 2, path: '/cgi-bin/webhook/send' });
    s.wecom.fail({ kind: 'busy', count: 2, path: '/cgi-bin/message/send' });
    s.dingtalk.fail({ kind: 'throttle', count: 2, path: '/v1.0/card/instances' });
    s.dingtalk.fail({ kind: 'reset', count: 1, path: '/v1.0/card/instances' });
    s.dingtalk.fail({ kind: 'http5xx', count: 2, path: '/v1.0/card/instances' });
    const orders = Array.from({ length: 5 }, () => stuck('flaky-1'));
    await postOrders(orders);
    const ids = orders.map((o) => o.externalId as string);
    const shown = (texts: string[]) => ids.map((id) => texts.filter((t) => t.includes(id)).length);
    await waitUntil(
      () => {
        const dt = shown(dingCards('cidFLAKY==').map((c) => c.cardParamMap.title ?? ''));
        const hook = shown(s.wecom.groupMessages('flaky-key').map((m) => m.text));
        const app = shown(s.wecom.appMessages('zhangsan').map((m) => JSON.stringify(m.body)));
        return [...dt, ...hook, ...app].every((n) => n >= 1);
      },
      'every card through the faults',
      60_000,
    );
    await new Promise((r) => setTimeout(r, 1500)); // a relay pass or two more: nothing may arrive twice
    expect(shown(dingCards('cidFLAKY==').map((c) => c.cardParamMap.title ?? ''))).toEqual([1, 1, 1, 1, 1]);
    expect(shown(s.wecom.groupMessages('flaky-key').map((m) => m.text))).toEqual([1, 1, 1, 1, 1]);
    expect(shown(s.wecom.appMessages('zhangsan').map((m) => JSON.stringify(m.body)))).toEqual([
      1, 1, 1, 1, 1,
    ]);
    // The faults did happen.
    expect(s.wecom.requests('/cgi-bin/message/send').filter((r) => r.status === 502)).toHaveLength(2);
    expect(s.wecom.requests('/cgi-bin/webhook/send').filter((r) => r.status === 0)).toHaveLength(2);
    expect(s.dingtalk.requests('/v1.0/card/instances').filter((r) => r.status === 403)).toHaveLength(2);
    const dead = await s.db.pool.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'dead'`);
    expect(dead.rows[0].n).toBe(0);
  });
});
