// Escalation through the whole server: nobody claims a stuck order's alert, so after the (short) policy
// delay the level's supervisor is @-mentioned in the group, gets the card personally on WeCom and
// DingTalk, and every card shows the level; a claimed alert never escalates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryStack, waitUntil, type DeliveryStack } from '../helpers/delivery-stack.js';
import { orderBody } from '../helpers/orders.js';

const people = [
  { id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi', roles: ['cs'] },
  { id: 'zhangsan', name: '张三', wecom: 'zhangsan', dingtalk: 'ding-zhangsan', roles: ['supervisor'] },
];
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
  s = await startDeliveryStack({
    people,
    teams,
    callbacks: true,
    yaml: [
      'escalation:',
      "  business_hours: { start: '00:00', end: '24:00' }",
      '  default: [ { after: 2s, notify: [supervisor] } ]',
    ].join('\n'),
  });
});
afterAll(async () => s?.stop());

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const alertsOf = async (id: string) =>
  (
    (await (
      await fetch(`${s.url}/api/v1/alerts?externalId=${id}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as { alerts: { id: string; level: number; state: string }[] }
  ).alerts;
const stuck = async (id: string) => {
  const body = orderBody({
    externalId: id,
    buyer: { name: '周敏', phone: '13711112222' },
    createdAt: iso(3 * 3_600_000),
    paidAt: iso(3 * 3_600_000),
  });
  await s.post('/api/v1/orders', { orders: [body] });
  return waitUntil(async () => (await alertsOf(id))[0], 'the alert');
};

describe('escalation', () => {
  it('reaches the supervisor in the group and personally when nobody acts', async () => {
    await stuck('ESC0001');
    await waitUntil(async () => (await alertsOf('ESC0001'))[0]!.level === 1, 'level 1', 20_000);
    const mention = await waitUntil(
      () =>
        s.wecom
          .groupMessages('ops-key')
          .find((m) => m.text.includes('ESC0001') && m.mentions.includes('zhangsan')),
      'the group @-mention',
    );
    expect(mention.text).toMatch(/升级/);
    await waitUntil(() => s.wecom.appMessages('zhangsan').length > 0, 'the personal WeCom card');
    await waitUntil(
      () => s.dingtalk.directMessages('ding-zhangsan').length > 0,
      'the personal DingTalk message',
    );
    const card = await waitUntil(
      () =>
        s.dingtalk
          .cards('cidOPS==')
          .find((c) => c.cardParamMap.variant === 'escalated' && 'ding-zhangsan' in c.atUserIds),
      'an escalated card @-mentioning the supervisor in the DingTalk group',
    );
    expect(card.cardParamMap.title).toContain('ESC0001');
  });

  it('never escalates an alert someone claimed', async () => {
    const alert = await stuck('ESC0002');
    const card = await waitUntil(
      () =>
        s.wecom
          .cards()
          .find((c) => c.recipients.lisi && JSON.stringify(c.recipients.lisi).includes('ESC0002')),
      'the app card',
    );
    await s.wecom.clickCard({ taskId: card.taskId, userid: 'lisi', eventKey: `ow1.claim.${alert.id}` });
    await new Promise((r) => setTimeout(r, 4000)); // past the level's 2 s
    expect((await alertsOf('ESC0002'))[0]).toMatchObject({ state: 'claimed', level: 0 });
  });
});
