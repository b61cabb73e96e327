// People's data stays private (DESIGN.md §3.5): every card template (templates/cards, through the renderer
// and the four platform payload builders), every chat reply (templates/replies, through the interaction
// service over a real store) and every customer notice (templates/customer) is rendered from orders that
// carry real-looking phones, street addresses and full names — and none of them may show a whole phone
// number (in any of the shapes people type it), the street detail, or the buyer's full name.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCreateAndDeliver, buildWebhookMessage } from '../../bots/dingtalk/payloads.js';
import { buildAppTemplateCard, buildWebhookMarkdown } from '../../bots/wecom/payloads.js';
import { createCommandParser, DEFAULT_REPLIES_DIR } from '../../src/actions/commands/index.js';
import { createInteractionService, loadReplies, type Replies } from '../../src/actions/index.js';
import { REPLY_NAMES } from '../../src/actions/replies.js';
import type { InteractionHandler, PlatformEvent, Reply } from '../../src/actions/types.js';
import {
  CUSTOMER_TEMPLATE_DIR,
  loadNoticeTemplates,
  NOTICE_KINDS,
  type NoticeKind,
} from '../../src/customers/index.js';
import { smsParams } from '../../src/customers/render.js';
import { noticeData } from '../../src/customers/send-one.js';
import type { CardModel } from '../../src/notify/card-model.js';
import type { AlertCardInput, DigestCardInput } from '../../src/notify/render/index.js';
import { RULES } from '../../src/rules/catalogue/index.js';
import type { ChosenNotice } from '../../src/store/customer-claim.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { eventBody, orderBody } from '../helpers/orders.js';
import { PEOPLE } from '../integration/actions/harness.js';
import {
  DIGEST_FIXTURE,
  RAW,
  escalatedFixture,
  resolvedFixture,
  testRenderer,
} from '../unit/notify/render/fixtures.js';
import { RULE_FIXTURES } from '../unit/notify/render/rule-fixtures.js';

// ---- what must never be shown ----------------------------------------------------------------------------

/** The shapes a phone is typed in: plain, spaced, dashed, +86, dotted, bracketed, full-width, IME spaces. */
const PHONE_SHAPES: [string, (p: string) => string][] = [
  ['plain', (p) => p],
  ['spaced 3-4-4', (p) => `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`],
  ['double-spaced', (p) => `${p.slice(0, 3)}  ${p.slice(3, 7)}  ${p.slice(7)}`],
  ['dashed', (p) => `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`],
  ['+86', (p) => `+86 ${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`],
  ['dotted', (p) => `${p.slice(0, 3)}.${p.slice(3, 7)}.${p.slice(7)}`],
  ['bracketed', (p) => `(${p.slice(0, 3)})${p.slice(3, 7)}-${p.slice(7)}`],
  ['full-width', (p) => p.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))],
  ['full-width dashes', (p) => `${p.slice(0, 3)}－${p.slice(3, 7)}－${p.slice(7)}`],
  ['ideographic spaces', (p) => `${p.slice(0, 3)}\u3000${p.slice(3, 7)}\u3000${p.slice(7)}`],
];

/** The text with full-width digits folded and every separator a phone may hide behind removed. */
function squeezed(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-.()（）－．\u2010-\u2015\u2212]|\\n|\\u3000/g, '');
}

interface Secret {
  phone: string;
  street: string;
  detail: string;
  name: string;
}

function expectMasked(output: string, s: Secret, where: string): void {
  expect(squeezed(output), `${where}: the phone ${s.phone}`).not.toContain(s.phone);
  expect(output, `${where}: the street detail`).not.toContain(s.detail);
  expect(output, `${where}: the street`).not.toContain(s.street);
  expect(output, `${where}: the full name`).not.toContain(s.name);
}

const phoneArb = fc.stringMatching(/^1[3-9]\d{9}$/);
const streetArb = fc.constantFrom('文一西路', '学院路', '人民大道', '中关村大街', '南京东路', '解放碑步行街');
const nameArb = fc.constantFrom('王建国', '欧阳娜娜', '李秀英', '司马光明', '阿依古丽');
const secretArb: fc.Arbitrary<Secret> = fc
  .record({ phone: phoneArb, street: streetArb, no: fc.integer({ min: 1, max: 9999 }), name: nameArb })
  .map(({ phone, street, no, name }) => ({ phone, street, detail: `${street} ${no} 号 3 幢 1102 室`, name }));

// ---- cards: every template, every platform payload ---------------------------------------------------------

const { renderer } = testRenderer();
const TEMPLATES: [string, () => AlertCardInput][] = [
  ...RULES.map((r) => [r.id, RULE_FIXTURES[r.id]!] as [string, () => AlertCardInput]),
  ['resolved', resolvedFixture],
  ['escalated', escalatedFixture],
];

/** The four payloads the adapters send for a card, plus the card itself. */
function outputsOf(card: CardModel): [string, unknown][] {
  return [
    ['card model', card],
    ['wecom app card', buildAppTemplateCard(card, { taskId: 't1', agentId: 1000002, users: ['zhoumin'] })],
    ['wecom webhook markdown', buildWebhookMarkdown(card)],
    [
      'dingtalk card',
      buildCreateAndDeliver(card, {
        outTrackId: 'o1',
        cardTemplateId: 'orderwatch-alert.schema',
        conversationId: 'cid1==',
        robotCode: 'ding1',
      }),
    ],
    ['dingtalk webhook', buildWebhookMessage(card, 'm1')],
  ];
}

/** The fixture with the customer's data replaced: buyer, phone, remark, and any detail a rule could carry. */
function leaky(input: AlertCardInput, s: Secret, shape: (p: string) => string): AlertCardInput {
  const said = `到了打 ${shape(s.phone)} 找我`;
  const details: Record<string, unknown> = {
    ...input.alert.details,
    addressDetail: s.detail,
    address: { detail: s.detail },
    buyerPhone: s.phone,
    buyerName: s.name,
  };
  for (const key of ['remark', 'reason', 'text', 'description']) {
    if (typeof details[key] === 'string') details[key] = `${details[key] as string} ${said}`;
  }
  return {
    ...input,
    alert: { ...input.alert, details },
    order: { ...input.order, buyerName: s.name, buyerPhone: s.phone, remark: said },
  };
}

describe('card templates', () => {
  it('have a fixture for every rule, plus resolved, escalated and digest', () => {
    expect(TEMPLATES.map(([n]) => n)).toEqual([...RULES.map((r) => r.id), 'resolved', 'escalated']);
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(17);
  });

  it.each(TEMPLATES)(
    'render the %s card without the golden fixture’s raw phone, address or name',
    (name, make) => {
      const raw = {
        phone: RAW.buyerPhone,
        street: '文一西路',
        detail: RAW.addressDetail,
        name: RAW.buyerName,
      };
      for (const [where, out] of outputsOf(renderer.renderAlert(leaky(make(), raw, (p) => p))))
        expectMasked(JSON.stringify(out), raw, `${name} ${where}`);
    },
  );

  it.each(PHONE_SHAPES)(
    'never show a phone typed %s, a street detail or a full name, on any card or payload',
    (_shape, shape) => {
      fc.assert(
        fc.property(fc.constantFrom(...TEMPLATES), secretArb, ([name, make], s) => {
          const card = renderer.renderAlert(leaky(make(), s, shape));
          for (const [where, out] of outputsOf(card))
            expectMasked(JSON.stringify(out), s, `${name} ${where}`);
        }),
        { numRuns: 100 },
      );
    },
  );

  it('never show a phone in a digest, whatever shape the example summaries carry it in', () => {
    fc.assert(
      fc.property(secretArb, fc.constantFrom(...PHONE_SHAPES), (s, [, shape]) => {
        const input: DigestCardInput = {
          ...DIGEST_FIXTURE,
          groups: DIGEST_FIXTURE.groups.map((g) => ({
            ...g,
            examples: g.examples.map((e) => ({ ...e, summary: `${e.summary} 买家 ${shape(s.phone)}` })),
          })),
        };
        for (const [where, out] of outputsOf(renderer.renderDigest(input)))
          expectMasked(JSON.stringify(out), s, `digest ${where}`);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- chat replies: the interaction service over a real store ---------------------------------------------

describe('chat replies', () => {
  const BUYERS: Secret[] = [
    { phone: '13800138000', street: '文一西路', detail: '文一西路 969 号', name: '王建国' },
    { phone: '13912345678', street: '学院路', detail: '学院路 37 号 2 单元 501', name: '欧阳娜娜' },
    { phone: '13700137000', street: '人民大道', detail: '人民大道 100 号', name: '李秀英' },
    { phone: '13600136000', street: '中关村大街', detail: '中关村大街 1 号附近', name: '司马光明' },
  ];
  const rendered: { name: string; text: string }[] = [];
  const answers: { said: string; reply: Reply }[] = [];
  let db: TestDatabase;
  let t: TestApp;
  let handler: InteractionHandler;
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await buildTestApp(db);
    const real = loadReplies();
    const replies: Replies = {
      ...real,
      render: (name, data) => {
        const text = real.render(name, data);
        rendered.push({ name, text });
        return text;
      },
    };
    handler = createInteractionService({
      store: t.interactions,
      parser: createCommandParser({ templatesDir: DEFAULT_REPLIES_DIR }),
      replies,
      refunds: { secondApproverFromFen: 200_000 },
      clock: t.clock,
      log: { info() {}, warn() {}, error() {} },
      onAlertsChanged: () => {},
      onOutboundQueued: () => {},
      outbound: true,
    });
    await t.interactions.syncPeople(PEOPLE, t.clock.now());
    t.clock.set('2026-11-22T06:00:00Z'); // 14:00 in Shanghai
    await seedOrders();
    t.clock.set('2026-11-22T09:00:00Z'); // three hours on: the paid orders are stuck
    await t.detection.sweep();
    await conversation();
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.drop();
  });

  const post = async (url: string, body: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url, headers: t.auth, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.every((r: { ok: boolean }) => r.ok)).toBe(true);
  };
  const buyer = (b: Secret, shape = (p: string) => p) => ({
    buyer: { name: b.name, phone: shape(b.phone) },
    address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: b.detail },
  });

  async function seedOrders(): Promise<void> {
    const [a, b, c, d] = BUYERS as [Secret, Secret, Secret, Secret];
    await post('/api/v1/orders', {
      orders: [
        orderBody({ externalId: 'MASK1', ...buyer(a), remark: `到了打 ${a.phone}` }),
        orderBody({
          externalId: 'MASK2',
          ...buyer(b, (p) => `+86 ${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`),
        }),
        // The same order number on two channels; the same buyer on two channels (a duplicate).
        orderBody({ externalId: 'MASK3', ...buyer(c) }),
        orderBody({ externalId: 'MASK3', channel: 'jd', ...buyer(c) }),
        orderBody({ externalId: 'MASK4', channel: 'pdd', ...buyer(d) }),
        orderBody({ externalId: 'MASK5', ...buyer(d), remark: '测试单' }),
        orderBody({ externalId: 'MASK7', ...buyer(b) }),
        orderBody({ externalId: 'MASK8', ...buyer(c), amount: '2500.00', items: [] }),
        orderBody({
          externalId: 'MASK6',
          ...buyer(a),
          status: 'shipped',
          promisedShipAt: '2026-11-23T18:00:00+08:00',
        }),
      ],
    });
    await post('/api/v1/events', {
      events: [
        eventBody(
          'refund_requested',
          '2026-11-22T14:05:00+08:00',
          { refundId: 'RF-M2', amount: '399.00', reason: `不想要了 打我电话 ${b.phone}` },
          { externalId: 'MASK2' },
        ),
        eventBody(
          'refund_requested',
          '2026-11-22T14:06:00+08:00',
          { refundId: 'RF-M7', amount: '399.00', reason: '发错颜色了' },
          { externalId: 'MASK7' },
        ),
        eventBody(
          'refund_requested',
          '2026-11-22T14:07:00+08:00',
          { refundId: 'RF-M8', amount: '2500.00', reason: '质量问题' },
          { externalId: 'MASK8' },
        ),
      ],
    });
  }

  const event = (user: string, over: Partial<PlatformEvent>): PlatformEvent => ({
    platform: 'wecom',
    eventId: `mask-${++seq}`,
    actor: { platformUserId: user, name: null },
    kind: 'text',
    chat: { type: 'group', id: 'group-1' },
    receivedAt: t.clock.now(),
    ...over,
  });
  const say = async (user: string, text: string) => {
    const reply = await handler.handle(event(user, { text }));
    answers.push({ said: `${user}: ${text}`, reply });
    return reply;
  };
  const alertOf = async (externalId: string, rule: string) => {
    const { rows } = await db.pool.query(
      `SELECT a.id FROM alerts a JOIN orders o ON o.id = a.order_id WHERE o.external_id = $1 AND a.rule = $2`,
      [externalId, rule],
    );
    return rows[0]?.id as string | undefined;
  };
  const tap = async (user: string, action: string, alertId: string | undefined) => {
    const reply = await handler.handle(
      event(user, { kind: 'button', buttonKey: `ow1.${action}.${alertId}` }),
    );
    answers.push({ said: `${user} taps ${action}`, reply });
  };

  /** Every command, by people with and without the role, right and wrong, on these orders. */
  async function conversation(): Promise<void> {
    for (const text of ['查单 MASK1', '认领 MASK1', 'help', '']) await say('stranger', text);
    for (const id of [
      'MASK1',
      'MASK2',
      'MASK3',
      'taobao:MASK3',
      'jd:MASK3',
      'MASK4',
      'MASK5',
      'MASK6',
      'NOPE',
    ])
      await say('zhangsan', `查单 ${id}`);
    await say('wangwu', '批准退款 MASK2');
    await say('zhangsan', '认领 MASK1');
    await say('lisi', '认领 MASK1');
    await say('zhangsan', '静默 MASK1 2小时');
    await say('zhangsan', '静默 MASK1 很久');
    await say('zhangsan', '静默');
    await say('cang', '拦截 MASK1');
    await say('zhangsan', '拦截 MASK1');
    await say('cang', '拦截 MASK6');
    await say('cang', '放行 MASK1');
    await say('cang', '确认');
    await say('cang', '放行 MASK1');
    await say('cang', '确认');
    await say('cang', '确认');
    await say('zhangsan', '处理完成 MASK1');
    await say('zhangsan', '认领 MASK1');
    await say('zhaoliu', '批准退款 MASK2');
    await say('zhaoliu', '确认');
    await say('zhangsan', '驳回 MASK2 买家已签收');
    await say('zhangsan', '确认');
    await tap('wangwu', 'merge', await alertOf('MASK4', 'suspect_cross_channel_duplicate'));
    await tap('wangwu', 'merge', await alertOf('MASK4', 'suspect_cross_channel_duplicate'));
    await tap('wangwu', 'legit', await alertOf('MASK5', 'suspect_test_order'));
    await say('wangwu', '批准退款 MASK2');
    await say('zhangsan', '认领 MASK5');
    await tap('zhangsan', 'claim', await alertOf('MASK1', 'stuck_unpicked'));
    await say('zhangsan', '驳回 MASK7 买家已签收');
    await say('zhangsan', '确认');
    await say('zhaoliu', '批准退款 MASK7');
    await say('zhaoliu', '确认');
    await say('zhaoliu', '批准退款 MASK8');
    await say('zhaoliu', '确认');
    await say('zhaoliu', '批准退款 MASK8');
    await say('zhaoliu', '确认');
    await say('zhangsan', '合并 MASK1');
    await say('zhangsan', '认领 MASK3');
    await say('zhangsan', '认领 MASK6');
    await say('zhangsan', '放型 MASK1');
    await say('zhangsan', `查单 ${BUYERS[0]!.phone}`);
    await say('zhangsan', '帮助');
  }

  it('answer a whole conversation about these orders with every template that shows order data', () => {
    const names = new Set(rendered.map((r) => r.name));
    expect(answers.length).toBeGreaterThan(30);
    // Of templates/replies, all but denied-self, refund-decided, merge-none, target-wrong and error.
    expect([...names].sort()).toEqual(
      expect.arrayContaining(
        (
          'alert-closed approve-ok approve-partial claim-ok claim-taken confirm-ask confirm-none denied-again ' +
          'denied-role denied-unknown hold-held hold-ok hold-shipped legit-ok merge-done merge-ok release-not-held ' +
          'release-ok resolve-ok reject-ok show show-alert snooze-ok target-alerts target-no-alert target-none ' +
          'target-orders'
        ).split(' '),
      ),
    );
    expect(names.size).toBeGreaterThanOrEqual(REPLY_NAMES.length - 6);
  });

  it.each(BUYERS)(
    'never show $name’s phone, street or full name in a reply, a rendered template or a card',
    (b) => {
      for (const { said, reply } of answers) {
        expectMasked(reply.text, b, `reply to "${said}"`);
        if (reply.buttonText) expectMasked(reply.buttonText, b, `button after "${said}"`);
        if (reply.card) {
          for (const [where, out] of outputsOf(reply.card))
            expectMasked(JSON.stringify(out), b, `${where} with "${said}"`);
        }
      }
      for (const { name, text } of rendered) expectMasked(text, b, `template ${name}`);
    },
  );
});

// ---- customer notices ----------------------------------------------------------------------------------

describe('customer notice templates', () => {
  const templates = loadNoticeTemplates(CUSTOMER_TEMPLATE_DIR);

  it.each(NOTICE_KINDS.map((k) => [k]))(
    'render %s without the phone, street or name of the order',
    (kind) => {
      fc.assert(
        fc.property(secretArb, (s) => {
          const notice = {
            id: 'n1',
            orderId: 'o1',
            kind,
            attempts: 0,
            attempt: 1,
            channel: 'sms',
            phone: s.phone,
            phoneHash: 'h',
            orderChannel: 'taobao',
            externalId: 'TB20261122001',
            carrier: '中通快递',
            trackingNo: 'ZT78341209933',
            province: '新疆维吾尔自治区',
            optedOut: false,
            addressDetail: s.detail,
            buyerName: s.name,
          } as unknown as ChosenNotice;
          const data = noticeData(notice);
          expectMasked(templates.render(kind as NoticeKind, data), s, `${kind} text`);
          expectMasked(
            JSON.stringify(smsParams(templates, kind as NoticeKind, data)),
            s,
            `${kind} SMS params`,
          );
        }),
        { numRuns: 50 },
      );
    },
  );
});
