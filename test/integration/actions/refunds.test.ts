// approve / reject (CONTRACT.md §5 refunds): who may, how many, once; the card and the rule follow.
import { describe, expect, it } from 'vitest';
import { loadCardSources } from '../../../src/store/delivery-read.js';
import { PEOPLE, refundEvent, useActions } from './harness.js';

const api = useActions();

async function refundAlert(amount: string, extra: Record<string, unknown> = {}) {
  await api.orders({ amount: '3000.00', items: [{ sku: 'SKU-1', name: '大衣', qty: 1, price: '3000.00' }] });
  await api.events(refundEvent(amount, extra));
  return api.alert('refund_approval');
}

const refundRow = async () =>
  (await api.query(`SELECT state, approvals, required_approvals, decided_by_name FROM refund_approvals`))[0];

describe('approve', () => {
  it('does approve a small refund with one supervisor, resolve the alert and queue the decision', async () => {
    const a = await refundAlert('399.00');
    const reply = await api.tap('zhangsan', 'approve', a.id);
    expect(reply).toMatchObject({
      result: 'ok',
      text: '✅ 已由 张三 批准退款 ¥399.00 · 14:00',
      buttonText: '已批准',
    });
    expect(await api.alert('refund_approval')).toMatchObject({
      state: 'resolved',
      resolve_reason: 'refund approved by 张三',
    });
    expect(await refundRow()).toMatchObject({ state: 'approved', approvals: 1, required_approvals: 1 });
    const out = await api.query<{ type: string; payload: Record<string, unknown> }>(
      'SELECT type, payload FROM outbound_webhooks',
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.payload).toMatchObject({
      type: 'refund_approved',
      order: { channel: 'taobao', externalId: 'TB20261122001' },
      actor: { personId: 'zhangsan', name: '张三' },
      data: { refundId: 'RF-1', amount: '399.00' },
    });
    expect(api.kicks).toHaveLength(1);
  });

  it('does need two different approvers from second_approver_from on, and show the first on the card', async () => {
    const a = await refundAlert('2500.00');
    const first = await api.tap('zhangsan', 'approve', a.id);
    expect(first.text).toContain('还需一位审批人');
    const mid = await api.alert('refund_approval');
    expect(mid).toMatchObject({ state: 'open', revision: a.revision + 1 });
    const card = (await loadCardSources(api.need().db.pool, [a.id], 'wecom_app:ops')).get(a.id)!;
    expect(card.alert.details.approvedBy).toEqual(['张三']);
    const again = await api.tap('zhangsan', 'approve', a.id);
    expect(again.result).toBe('denied');
    expect(again.text).toContain('需要另一位审批人');
    const second = await api.tap('zhaoliu', 'approve', a.id);
    expect(second.text).toBe('✅ 已由 张三、赵六 批准退款 ¥2500.00 · 14:00');
    expect(await api.alert('refund_approval')).toMatchObject({
      resolve_reason: 'refund approved by 张三, 赵六',
    });
    expect(await refundRow()).toMatchObject({
      state: 'approved',
      approvals: 2,
      decided_by_name: '张三、赵六',
    });
  });

  it.each([
    ['the person id', 'lisi'],
    ['their platform user id', 'lisi'],
  ])('does deny self-approval when requestedBy is %s', async (_what, requestedBy) => {
    const a = await refundAlert('399.00', { requestedBy });
    const reply = await api.tap('lisi', 'approve', a.id);
    expect(reply.result).toBe('denied');
    expect(reply.text).toContain('是你发起的');
    expect((await api.alert('refund_approval')).state).toBe('open');
    expect(await api.audit()).toMatchObject([{ action: 'approve', result: 'denied' }]);
  });

  it('does deny self-approval from another platform account of the same person', async () => {
    const a = await refundAlert('399.00', { requestedBy: 'manager4220' });
    const reply = await api.tap('zhangsan', 'approve', a.id);
    expect(reply.result).toBe('denied');
  });

  it('does deny approval to someone without the role, naming the roles', async () => {
    const a = await refundAlert('399.00');
    const reply = await api.tap('wangwu', 'approve', a.id);
    expect(reply).toMatchObject({
      result: 'denied',
      text: '⛔ 你没有批准退款的权限（需要：主管/财务/管理员），已记录',
    });
  });

  it('does answer who rejected it when someone approves after a rejection', async () => {
    const a = await refundAlert('399.00');
    const rejected = await api.say('zhaoliu', '驳回 TB20261122001 买家已签收');
    expect(rejected.text).toContain('确认');
    const done = await api.say('zhaoliu', '确认');
    expect(done.text).toBe('✅ 已由 赵六 驳回退款 ¥399.00，原因：买家已签收 · 14:00');
    expect(await api.alert('refund_approval')).toMatchObject({
      state: 'resolved',
      resolve_reason: 'refund rejected by 赵六: 买家已签收',
    });
    const late = await api.tap('zhangsan', 'approve', a.id);
    expect(late).toMatchObject({
      result: 'conflict',
      text: '这笔退款 ¥399.00 已由 赵六 于 14:00 驳回，无需重复操作',
    });
    const audited = (await api.audit()).map((r) => `${r.action}:${r.result}`).sort();
    expect(audited).toEqual(['approve:conflict', 'reject:info', 'reject:ok']);
  });

  it('does not fire refund_approval again for a decided refund when the order is evaluated again', async () => {
    const a = await refundAlert('399.00');
    await api.tap('zhangsan', 'approve', a.id);
    await api.events(api.eventBody('remark', '2026-11-22T10:00:00+08:00', { text: '请尽快' }));
    const alerts = await api.alerts('refund_approval');
    expect(alerts.map((x) => x.state)).toEqual(['resolved']);
  });
});

describe('confirmation', () => {
  it("does run a typed approve only on the person's 确认, auditing it once", async () => {
    await refundAlert('399.00');
    const ask = await api.say('zhangsan', '批准退款 TB20261122001');
    expect(ask).toMatchObject({ result: 'info' });
    expect(ask.text).toMatch(/^确认批准退款 taobao:TB20261122001？.*回复「确认」/);
    expect((await api.alert('refund_approval')).state).toBe('open');
    const res = await api.say('zhangsan', '确认');
    expect(res.result).toBe('ok');
    expect((await api.alert('refund_approval')).state).toBe('resolved');
    const listed = await api.need().t.interactions.audit({}, 100, null);
    expect(listed.entries.map((e) => [e.action, e.result])).toEqual([['approve', 'ok']]);
    expect((await api.say('zhangsan', '确认')).text).toContain('没有待确认的操作');
  });

  it('does not run a confirmation that expired', async () => {
    await refundAlert('399.00');
    await api.say('zhangsan', '批准退款 TB20261122001');
    api.need().t.clock.advance(6 * 60_000);
    expect((await api.say('zhangsan', '确认')).text).toContain('没有待确认的操作');
    expect((await api.alert('refund_approval')).state).toBe('open');
  });
});

describe('twenty supervisors tap approve at the same instant', () => {
  const crowd = Array.from({ length: 20 }, (_, i) => ({
    id: `sup${i}`,
    name: `主管${i}`,
    roles: ['supervisor' as const],
    wecom: `sup${i}`,
    dingtalk: null,
    mobile: null,
  }));

  async function race(amount: string) {
    await api.need().t.interactions.syncPeople([...PEOPLE, ...crowd], api.need().t.clock.now());
    const a = await refundAlert(amount);
    const replies = await Promise.all(crowd.map((p) => api.tap(p.id, 'approve', a.id)));
    return { a, replies };
  }

  it('does record exactly one approval and tell the other nineteen who approved', async () => {
    const { replies } = await race('399.00');
    const ok = replies.filter((r) => r.result === 'ok');
    expect(ok).toHaveLength(1);
    const winner = ok[0]!.text.match(/已由 (\S+) 批准/)![1];
    const others = replies.filter((r) => r.result !== 'ok');
    expect(others).toHaveLength(19);
    for (const r of others)
      expect(r).toMatchObject({ result: 'conflict', text: expect.stringContaining(`已由 ${winner} 于`) });
    expect(await api.query('SELECT count(*)::int AS n FROM refund_approval_votes')).toEqual([{ n: 1 }]);
    expect(
      await api.query(`SELECT count(*)::int AS n FROM outbound_webhooks WHERE type = 'refund_approved'`),
    ).toEqual([{ n: 1 }]);
    expect((await api.audit()).filter((r) => r.result === 'ok')).toHaveLength(1);
  });

  it('does record exactly two distinct approvals for an amount at second_approver_from', async () => {
    const { replies } = await race('2000.00');
    expect(replies.filter((r) => r.result === 'ok')).toHaveLength(2);
    expect(replies.filter((r) => r.text.includes('还需一位审批人'))).toHaveLength(1);
    const votes = await api.query<{ person_id: string }>('SELECT person_id FROM refund_approval_votes');
    expect(new Set(votes.map((v) => v.person_id)).size).toBe(2);
    expect(await refundRow()).toMatchObject({ state: 'approved', approvals: 2 });
    expect(replies.filter((r) => r.result === 'conflict')).toHaveLength(18);
    expect(await api.query(`SELECT count(*)::int AS n FROM outbound_webhooks`)).toEqual([{ n: 1 }]);
  });
});
