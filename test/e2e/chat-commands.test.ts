// Every command, typed by the right person on every chat surface (WeCom app 1:1, WeCom AI bot in a
// group, DingTalk robot over Stream and over HTTP mode), through the emulated platforms with real
// encryption and signatures: each answers in Chinese, applies once and is in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACES, say, type Surface } from '../helpers/chat.js';
import { startDeliveryStack, waitUntil, type DeliveryStack } from '../helpers/delivery-stack.js';
import { orderBody } from '../helpers/orders.js';

const people = {
  lisi: { id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi', roles: ['cs'] },
  wangwu: { id: 'wangwu', name: '王五', wecom: 'wangwu', dingtalk: 'ding-wangwu', roles: ['warehouse'] },
  zhangsan: {
    id: 'zhangsan',
    name: '张三',
    wecom: 'zhangsan',
    dingtalk: 'ding-zhangsan',
    roles: ['supervisor'],
  },
};
const teams = [
  {
    id: 'ops',
    warehouse: 'hz-1',
    webhookKey: 'ops-key',
    users: ['lisi'],
    conversationId: 'cidOPS==',
    onDuty: ['lisi'],
  },
];
const TOKEN = 'e2e-token-0123456789abcdef';

let s: DeliveryStack;
beforeAll(async () => {
  s = await startDeliveryStack({ people: Object.values(people), teams, callbacks: true });
});
afterAll(async () => s?.stop());

const HOUR = 3_600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
let n = 0;
const nextId = () => `CMD${Date.now().toString(36).toUpperCase()}${++n}`;
const order = async (over: Record<string, unknown>) => {
  const res = await s.post('/api/v1/orders', { orders: [orderBody(over)] });
  expect(((await res.json()) as { results: { ok: boolean }[] }).results[0]!.ok).toBe(true);
};
const get = async (path: string) =>
  (await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<
    Record<string, never>
  >;
const alertsOf = async (id: string) =>
  (await get(`/api/v1/alerts?externalId=${id}`)).alerts as unknown as {
    rule: string;
    state: string;
    id: string;
  }[];
const auditOf = async (id: string) =>
  (await get(`/api/v1/audit?channel=taobao&externalId=${id}`)).entries as unknown as {
    action: string;
    result: string;
    actor: { personId: string; platform: string };
  }[];

/** Paid three hours ago, not picked: stuck_unpicked. */
const stuck = async () => {
  const id = nextId();
  await order({
    externalId: id,
    buyer: { name: '周敏', phone: `137${String(10_000_000 + n)}` },
    createdAt: iso(3 * HOUR),
    paidAt: iso(3 * HOUR),
  });
  await waitUntil(async () => (await alertsOf(id)).length > 0, 'the stuck alert');
  return id;
};
/** A refund of ¥399.00 waiting for approval. */
const refund = async () => {
  const id = nextId();
  await order({
    externalId: id,
    buyer: { name: '周敏', phone: `136${String(10_000_000 + n)}` },
    createdAt: iso(HOUR),
    paidAt: iso(HOUR),
  });
  const event = {
    channel: 'taobao',
    externalId: id,
    type: 'refund_requested',
    at: iso(0),
    data: { refundId: `R${id}`, amount: '399.00', reason: '不想要了' },
  };
  await s.post('/api/v1/events', { events: [event] });
  await waitUntil(
    async () => (await alertsOf(id)).some((a) => a.rule === 'refund_approval'),
    'the refund alert',
  );
  return id;
};
const testOrder = async () => {
  const id = nextId();
  await order({
    externalId: id,
    remark: '测试单 勿发',
    buyer: { name: '周敏', phone: `135${String(10_000_000 + n)}` },
    createdAt: iso(0),
    paidAt: iso(0),
  });
  await waitUntil(
    async () => (await alertsOf(id)).some((a) => a.rule === 'suspect_test_order'),
    'the suspect alert',
  );
  return id;
};
/** The same phone and address on JD, then on Taobao: the Taobao order is a cross-channel duplicate. */
const duplicate = async () => {
  const id = nextId();
  const buyer = { name: '周敏', phone: `134${String(10_000_000 + n)}` };
  await order({
    channel: 'jd',
    externalId: `JD${id}`,
    buyer,
    createdAt: iso(2 * 60_000),
    paidAt: iso(2 * 60_000),
  });
  await order({ externalId: id, buyer, createdAt: iso(60_000), paidAt: iso(60_000) });
  await waitUntil(
    async () => (await alertsOf(id)).some((a) => a.rule === 'suspect_cross_channel_duplicate'),
    'the duplicate alert',
  );
  return id;
};

interface Case {
  action: string;
  who: keyof typeof people;
  setup: () => Promise<string>;
  /** Typed command(s); `{id}` is the order. A confirmation follows where the command asks for one. */
  zh: string;
  en: string;
  answer: RegExp;
  effect?: (id: string) => Promise<void>;
}

const CASES: Case[] = [
  {
    action: 'claim',
    who: 'lisi',
    setup: stuck,
    zh: '认领 {id}',
    en: 'claim {id}',
    answer: /已由 李四 认领/,
    effect: async (id) => expect((await alertsOf(id))[0]!.state).toBe('claimed'),
  },
  {
    action: 'resolve',
    who: 'lisi',
    setup: stuck,
    zh: '处理完成 {id}',
    en: 'resolve {id}',
    answer: /已由 李四 处理完成/,
    effect: async (id) => expect((await alertsOf(id))[0]!.state).toBe('resolved'),
  },
  {
    action: 'snooze',
    who: 'lisi',
    setup: stuck,
    zh: '静默 {id} 2小时',
    en: 'snooze {id} 2h',
    answer: /已静默/,
  },
  {
    action: 'hold',
    who: 'wangwu',
    setup: stuck,
    zh: '拦截 {id}',
    en: 'hold {id}',
    answer: /已由 王五 拦截订单/,
  },
  {
    action: 'approve',
    who: 'zhangsan',
    setup: refund,
    zh: '批准退款 {id}',
    en: 'approve {id}',
    answer: /已由 张三 批准退款 ¥399\.00/,
    effect: async (id) => expect((await alertsOf(id))[0]!.state).toBe('resolved'),
  },
  {
    action: 'reject',
    who: 'zhangsan',
    setup: refund,
    zh: '驳回 {id} 商品已签收',
    en: 'reject {id} already delivered',
    answer: /已由 张三 驳回退款/,
  },
  {
    action: 'legit',
    who: 'lisi',
    setup: testOrder,
    zh: '标记正常 {id}',
    en: 'legit {id}',
    answer: /已由 李四 标记正常/,
  },
  {
    action: 'merge',
    who: 'lisi',
    setup: duplicate,
    zh: '合并 {id}',
    en: 'merge {id}',
    answer: /已由 李四 将订单 .* 合并到/,
  },
  {
    action: 'show',
    who: 'lisi',
    setup: stuck,
    zh: '查单 {id}',
    en: 'show {id}',
    answer: /📦[\s\S]*137\*{4}/,
  },
  { action: 'help', who: 'lisi', setup: stuck, zh: '帮助', en: 'help', answer: /认领[\s\S]*处理完成/ },
];

/** `release` needs the order held first. */
const releaseCase: Case = {
  action: 'release',
  who: 'wangwu',
  setup: async () => {
    const id = await stuck();
    await say(s, 'wecom-app', people.wangwu, `拦截 ${id}`);
    return id;
  },
  zh: '放行 {id}',
  en: 'release {id}',
  answer: /已由 王五 放行订单/,
};

const rows = SURFACES.flatMap((surface, i) =>
  [...CASES, releaseCase].map((c) => [c.action, surface, i % 2 === 0 ? 'zh' : 'en', c] as const),
);

describe('typed commands on every surface', () => {
  it.each(rows)('applies %s from %s (%s) once, answers and audits it', async (action, surface, lang, c) => {
    const id = await c.setup();
    const text = c[lang as 'zh' | 'en'].replace('{id}', id);
    const person = people[c.who];
    let answer = await say(s, surface as Surface, person, text);
    if (/^确认.*回复「确认」/.test(answer)) answer = await say(s, surface as Surface, person, '确认');
    expect(answer).toMatch(c.answer);
    await c.effect?.(id);
    if (action !== 'help') {
      const entries = (await auditOf(id)).filter((e) => e.action === action);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        result: 'ok',
        actor: { personId: person.id, platform: surface.split('-')[0] },
      });
    }
  });
});
