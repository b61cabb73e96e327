// GET /o/:token after people acted from the chats: each alert's history (opened, claimed, approved,
// resolved) names the people, and the audit trail lists every tap and command on the order, refusals too.
import { describe, expect, it } from 'vitest';
import { useActions } from '../actions/harness.js';
import { textOf } from './pages-api.js';

const h = useActions();

async function orderId(externalId: string): Promise<string> {
  const { rows } = await h.need().db.pool.query(`SELECT id FROM orders WHERE external_id = $1`, [externalId]);
  return rows[0]!.id as string;
}

async function page(externalId: string): Promise<string> {
  const link = `/o/${h.need().t.links.sign(await orderId(externalId), 86_400_000)}`;
  const res = await h.need().t.app.inject({ method: 'GET', url: link });
  expect(res.statusCode).toBe(200);
  return textOf(res.body);
}

const section = (text: string, from: string, to?: string) =>
  text.slice(text.indexOf(from), to === undefined ? undefined : text.indexOf(to));

describe('the order page after people acted', () => {
  it('lists a refused and an accepted refund approval in the audit trail, newest first', async () => {
    await h.orders({ externalId: 'TB-TRAIL-1', status: 'shipped' });
    await h.events(
      h.eventBody(
        'refund_requested',
        '2026-11-22T13:30:00+08:00',
        { refundId: 'R1', amount: '99.00' },
        {
          externalId: 'TB-TRAIL-1',
        },
      ),
    );
    const alert = await h.alert('refund_approval');
    await h.tap('wangwu', 'approve', alert.id); // cs: not allowed to approve
    h.need().t.clock.advance(30_000);
    await h.tap('zhangsan', 'approve', alert.id);
    const audit = section(await page('TB-TRAIL-1'), '操作记录');
    const refused = audit.indexOf('王五 批准退款 被拒绝');
    const approved = audit.indexOf('张三 批准退款 成功');
    expect(refused).toBeGreaterThan(0);
    expect(approved).toBeGreaterThan(0);
    expect(approved).toBeLessThan(refused); // newest first
    expect(audit).toContain('企业微信');
  });

  it('shows each alert history line with the person who acted when an alert was claimed and resolved', async () => {
    await h.orders({ externalId: 'TB-TRAIL-2', createdAt: '2026-11-22T08:00:00+08:00' });
    const alert = await h.alert('stuck_unpicked');
    h.need().t.clock.advance(60_000);
    await h.tap('cang', 'claim', alert.id);
    h.need().t.clock.advance(60_000);
    await h.tap('cang', 'resolve', alert.id);
    const alerts = section(await page('TB-TRAIL-2'), '告警', '时间线');
    const lines = ['触发（', '孙八 认领', '恢复：'].map((w) => alerts.indexOf(w));
    expect(lines.every((p) => p >= 0)).toBe(true);
    expect(lines).toEqual([...lines].sort((a, b) => a - b)); // oldest first within an alert
    expect(alerts).toContain('2026-11-22 14:01');
    expect(alerts).not.toContain('cang');
  });

  it('says nobody acted yet when the order has no audit rows', async () => {
    await h.orders({ externalId: 'TB-TRAIL-3' });
    expect(section(await page('TB-TRAIL-3'), '操作记录')).toContain('还没有人操作过');
  });
});
