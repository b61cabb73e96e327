// Card buttons and the hostile cases, through the emulated platforms with real encryption and
// signatures: a tap changes the business once and every card of the alert follows; forged, stale,
// replayed, malformed, oversized and injected input gets a clear answer and no effect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../helpers/chat.js';
import { startDeliveryStack, waitUntil, type DeliveryStack } from '../helpers/delivery-stack.js';
import { orderBody } from '../helpers/orders.js';

const people = {
  lisi: { id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi', roles: ['cs'] },
  zhangsan: {
    id: 'zhangsan',
    name: '张三',
    wecom: 'zhangsan',
    dingtalk: 'ding-zhangsan',
    roles: ['supervisor'],
  },
  zhaoliu: { id: 'zhaoliu', name: '赵六', wecom: 'zhaoliu', dingtalk: 'ding-zhaoliu', roles: ['finance'] },
};
const stranger = { id: 'x', name: '路人', wecom: 'stranger', dingtalk: 'ding-stranger' };
const teams = [
  {
    id: 'ops',
    warehouse: 'hz-1',
    webhookKey: 'ops-key',
    users: ['lisi', 'zhangsan'],
    conversationId: 'cidOPS==',
    onDuty: ['lisi'],
  },
];
const TOKEN = 'e2e-token-0123456789abcdef';

let s: DeliveryStack;
beforeAll(async () => {
  s = await startDeliveryStack({
    people: [...Object.values(people), { ...stranger, id: 'x2', wecom: 'someone', dingtalk: 'ding-someone' }],
    teams,
    callbacks: true,
  });
});
afterAll(async () => s?.stop());

const HOUR = 3_600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
let n = 0;
const nextId = () => `BTN${Date.now().toString(36).toUpperCase()}${++n}`;
const get = async <T>(path: string) =>
  (await (await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as T;
type AlertRow = { rule: string; state: string; id: string; claimedBy: string | null };
const alertsOf = async (id: string) =>
  (await get<{ alerts: AlertRow[] }>(`/api/v1/alerts?externalId=${id}`)).alerts;
const auditOf = async (id: string) =>
  (
    await get<{ entries: { action: string; result: string; message: string }[] }>(
      `/api/v1/audit?externalId=${id}`,
    )
  ).entries;
const ordersCount = async () => Number((await s.db.pool.query('SELECT count(*) AS n FROM orders')).rows[0].n);

async function stuck(): Promise<{ id: string; alert: AlertRow }> {
  const id = nextId();
  const body = orderBody({
    externalId: id,
    buyer: { name: '周敏', phone: `137${String(20_000_000 + n)}` },
    createdAt: iso(3 * HOUR),
    paidAt: iso(3 * HOUR),
  });
  await s.post('/api/v1/orders', { orders: [body] });
  const alert = await waitUntil(async () => (await alertsOf(id))[0], 'the alert');
  return { id, alert };
}

async function refund(): Promise<{ id: string; alert: AlertRow }> {
  const id = nextId();
  const body = orderBody({
    externalId: id,
    buyer: { name: '周敏', phone: `136${String(20_000_000 + n)}` },
    createdAt: iso(HOUR),
    paidAt: iso(HOUR),
  });
  await s.post('/api/v1/orders', { orders: [body] });
  const data = { refundId: `R${id}`, amount: '399.00', reason: '不想要了' };
  await s.post('/api/v1/events', {
    events: [{ channel: 'taobao', externalId: id, type: 'refund_requested', at: iso(0), data }],
  });
  const alert = await waitUntil(
    async () => (await alertsOf(id)).find((a) => a.rule === 'refund_approval'),
    'the refund alert',
  );
  return { id, alert };
}

const wecomCardOf = (user: string, id: string) =>
  waitUntil(
    () => s.wecom.cards().find((c) => c.recipients[user] && JSON.stringify(c.recipients[user]).includes(id)),
    'the WeCom app card',
  );
const dingCardOf = (id: string) =>
  waitUntil(
    () => s.dingtalk.cards('cidOPS==').find((c) => (c.cardParamMap.title ?? '').includes(id)),
    'the DingTalk card',
  );

describe('card buttons', () => {
  it('claims from a WeCom app card: the button greys out for the tapper and every card of the alert shows who', async () => {
    const { id, alert } = await stuck();
    const card = await wecomCardOf('lisi', id);
    const ding = await dingCardOf(id);
    const r = await s.wecom.clickCard({
      taskId: card.taskId,
      userid: 'lisi',
      eventKey: `ow1.claim.${alert.id}`,
    });
    expect(r.status).toBe(200);
    expect(r.reply).toMatch(/update_button/);
    expect((await alertsOf(id))[0]).toMatchObject({ state: 'claimed', claimedBy: 'lisi' });
    // The other recipient's card is updated in place with the response_code of this very click.
    await waitUntil(
      () => JSON.stringify(s.wecom.card(card.taskId)!.recipients.zhangsan).includes('李四 已认领'),
      'the WeCom card update',
    );
    await waitUntil(
      () => s.dingtalk.card(ding.outTrackId)!.cardParamMap.status?.includes('李四'),
      'the DingTalk card update',
    );
    expect((await auditOf(id)).map((e) => [e.action, e.result])).toEqual([['claim', 'ok']]);
  });

  it('approves a refund from the DingTalk card: the tapper sees it at once, the group after the update', async () => {
    const { id, alert } = await refund();
    const ding = await dingCardOf(id);
    const click = await s.dingtalk.clickCard({
      outTrackId: ding.outTrackId,
      userId: 'ding-zhangsan',
      actionIds: ['approve'],
      params: { action: 'approve', alertId: alert.id, key: `ow1.approve.${alert.id}` },
    });
    expect(click).toMatchObject({ acked: true, late: false });
    expect(s.dingtalk.cardViewFor(ding.outTrackId, 'ding-zhangsan')?.status).toMatch(/批准/);
    await waitUntil(
      () => s.dingtalk.card(ding.outTrackId)!.cardParamMap.variant === 'resolved',
      'the card resolved for everyone',
    );
    expect((await alertsOf(id))[0]!.state).toBe('resolved');
  });

  it('records one approval when two approvers tap at the same instant, and tells the other who decided', async () => {
    const { id, alert } = await refund();
    const ding = await dingCardOf(id);
    const tap = (userId: string) =>
      s.dingtalk.clickCard({
        outTrackId: ding.outTrackId,
        userId,
        actionIds: ['approve'],
        params: { action: 'approve', alertId: alert.id, key: `ow1.approve.${alert.id}` },
      });
    await Promise.all([tap('ding-zhangsan'), tap('ding-zhaoliu')]);
    const entries = await auditOf(id);
    expect(entries.map((e) => e.result).sort()).toEqual(['conflict', 'ok']);
    expect(entries.find((e) => e.result === 'conflict')!.message).toMatch(/已由 (张三|赵六) 于 .* 批准/);
    const votes = await s.db.pool.query(`SELECT count(*)::int AS n FROM refund_approval_votes`);
    expect(votes.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('gives a WeCom AI-bot group the alert card on 查单, and its buttons act from the group', async () => {
    const { id, alert } = await stuck();
    const r = await s.wecom.mentionBot({
      chatid: 'wrkSGroupOps',
      userid: 'lisi',
      text: `@订单守望 查单 ${id}`,
    });
    expect(r.reply?.msgtype).toBe('stream_with_template_card');
    const card = r.reply!.template_card as { task_id: string; button_list: { key: string }[] };
    expect(card.button_list.map((b) => b.key)).toContain(`ow1.claim.${alert.id}`);
    const click = await s.wecom.clickBotCard({
      chatid: 'wrkSGroupOps',
      userid: 'lisi',
      taskId: card.task_id,
      eventKey: `ow1.claim.${alert.id}`,
    });
    expect(click.status).toBe(200);
    expect((await alertsOf(id))[0]!.state).toBe('claimed');
  });

  it('answers a replayed WeCom click with the first answer and applies it once', async () => {
    const { id, alert } = await stuck();
    const card = await wecomCardOf('zhangsan', id);
    const first = await s.wecom.clickCard({
      taskId: card.taskId,
      userid: 'zhangsan',
      eventKey: `ow1.claim.${alert.id}`,
    });
    const again = await s.wecom.postCallback('/wecom/callback', {
      query: first.request.query,
      body: first.request.body,
    });
    expect(again.status).toBe(200);
    expect((await auditOf(id)).filter((e) => e.action === 'claim')).toHaveLength(1);
  });
});

describe('who may do what', () => {
  it('tells an unknown chat user that an admin must add them, and changes nothing', async () => {
    const { id } = await stuck();
    const answer = await say(s, 'dingtalk-stream', stranger, `认领 ${id}`);
    expect(answer).toMatch(/还不在订单守望的人员名单里/);
    expect((await alertsOf(id))[0]!.state).toBe('open');
    expect((await auditOf(id)).map((e) => e.result)).toEqual(['denied']);
  });

  it('tells someone without the role which roles may, and changes nothing', async () => {
    const { id } = await refund();
    const answer = await say(s, 'wecom-app', people.lisi, `批准退款 ${id}`);
    expect(answer).toMatch(/你没有批准退款的权限（需要：主管\/财务\/管理员）/);
    expect((await alertsOf(id)).find((a) => a.rule === 'refund_approval')!.state).toBe('open');
  });

  it('suggests the command that was meant when one is mistyped', async () => {
    const { id } = await stuck();
    expect(await say(s, 'wecom-bot', people.lisi, `放型 ${id}`)).toMatch(/你是不是想说「放行」/);
  });

  it.each([
    ['<script>alert(1)</script> 认领'],
    ["查单 x'; DROP TABLE orders;--"],
    ['{{#each this}}{{/each}} 认领 @all'],
  ])('answers injection text %j without effect', async (text) => {
    const before = await ordersCount();
    const answer = await say(s, 'dingtalk-http', people.lisi, text);
    expect(answer.length).toBeGreaterThan(0);
    expect(answer).not.toContain('<script>');
    expect(await ordersCount()).toBe(before);
  });
});

describe('requests that are not what the platform sends', () => {
  const plain = '<xml><ToUserName><![CDATA[wwe2e0001]]></ToUserName></xml>';

  it('refuses a WeCom callback with a forged signature', async () => {
    const sealed = s.wecom.sealCallback('callback', plain);
    const query = { ...sealed.query, msg_signature: '0'.repeat(40) };
    expect((await s.wecom.postCallback('/wecom/callback', { query, body: sealed.body })).status).toBe(401);
  });

  it('refuses a WeCom callback signed an hour ago', async () => {
    const sealed = s.wecom.sealCallback('callback', plain, {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect((await s.wecom.postCallback('/wecom/callback', sealed)).status).toBe(403);
  });

  it('refuses malformed XML and JSON, signed or not', async () => {
    const unsigned = await s.wecom.postCallback('/wecom/callback', {
      query: {},
      body: '<xml><Encrypt>',
      contentType: 'text/xml',
    });
    expect(unsigned.status).toBe(401); // no signature: refused before anything is parsed
    const xml = s.wecom.sealCallback('callback', '<xml><MsgType><![CDATA[text]]></MsgType><Content>');
    expect((await s.wecom.postCallback('/wecom/callback', xml)).status).toBe(400);
    const json = s.wecom.sealCallback('bot', '{"msgtype":"text","text":');
    expect((await s.wecom.postCallback('/wecom/bot', { ...json, target: 'bot' })).status).toBe(400);
  });

  it('refuses an oversized body', async () => {
    const big = `<xml><Encrypt><![CDATA[${'A'.repeat(200_000)}]]></Encrypt></xml>`;
    expect(
      (await s.wecom.postCallback('/wecom/callback', { query: {}, body: big, contentType: 'text/xml' }))
        .status,
    ).toBe(413);
    const r = await s.dingtalk.postRobotMessage(
      `${s.url}/dingtalk/robot`,
      { conversationId: 'cidOPS==', senderStaffId: 'ding-lisi', senderNick: '李四', text: 'x' },
      { body: `{"x":"${'a'.repeat(200_000)}"}` },
    );
    expect(r.status).toBe(413);
  });

  it.each([
    ['a forged signature', { sign: 'Zm9yZ2Vk' }],
    ['a timestamp two hours old', { timestamp: Date.now() - 2 * HOUR }],
  ])('refuses a DingTalk HTTP robot message with %s', async (_what, overrides) => {
    const { id } = await stuck();
    const r = await s.dingtalk.postRobotMessage(
      `${s.url}/dingtalk/robot`,
      { conversationId: 'cidOPS==', senderStaffId: 'ding-lisi', senderNick: '李四', text: `认领 ${id}` },
      overrides,
    );
    expect(r.status).toBe(401);
    expect(await auditOf(id)).toEqual([]);
  });
});
