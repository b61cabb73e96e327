// hold / release, merge, legit: the order-level decisions, their conflicts, and what the rules do after.
import { describe, expect, it } from 'vitest';
import { useActions } from './harness.js';

const api = useActions();

describe('hold and release', () => {
  it('does hold an unshipped order, mute its stuck alerts and queue the decision', async () => {
    await api.orders({});
    api.need().t.clock.set('2026-11-22T03:00:00Z');
    await api.need().t.detection.sweep();
    const stuck = await api.alert('stuck_unpicked');
    const reply = await api.say('cang', '拦截 TB20261122001');
    expect(reply).toMatchObject({
      result: 'ok',
      text: '✅ 已由 孙八 拦截订单 taobao:TB20261122001，暂不发货 · 11:00',
    });
    expect(await api.query('SELECT hold_state FROM orders')).toEqual([{ hold_state: 'held' }]);
    expect(await api.query('SELECT held_by, held_by_name FROM order_holds')).toEqual([
      { held_by: 'cang', held_by_name: '孙八' },
    ]);
    const after = await api.alert('stuck_unpicked');
    expect(after.muted_reason).toMatch(/^inhibited: order on hold/);
    expect(after.revision).toBeGreaterThan(stuck.revision);
    expect(api.changed).toEqual([[stuck.id]]);
    expect(await api.query('SELECT type FROM outbound_webhooks')).toEqual([{ type: 'hold' }]);
  });

  it('does name who held it when someone holds it again', async () => {
    await api.orders({});
    await api.say('cang', '拦截 TB20261122001');
    const again = await api.say('zhangsan', 'hold TB20261122001');
    expect(again).toMatchObject({
      result: 'conflict',
      text: '订单 taobao:TB20261122001 已由 孙八 于 11-22 14:00 拦截，无需重复操作',
    });
  });

  it('does refuse to hold a shipped order', async () => {
    await api.orders({ status: 'shipped', shippedAt: '2026-11-22T10:00:00+08:00' });
    const reply = await api.say('cang', '拦截 TB20261122001');
    expect(reply.result).toBe('conflict');
    expect(reply.text).toBe('订单 taobao:TB20261122001 已发货，无法拦截；如需拦截请联系快递');
    expect(await api.query('SELECT hold_state FROM orders')).toEqual([{ hold_state: 'none' }]);
    expect(await api.query('SELECT count(*)::int AS n FROM outbound_webhooks')).toEqual([{ n: 0 }]);
  });

  it('does refuse to hold a cancelled order and name its status once', async () => {
    await api.orders({ status: 'cancelled' });
    const reply = await api.say('cang', '拦截 TB20261122001');
    expect(reply.result).toBe('conflict');
    expect(reply.text).toBe('订单 taobao:TB20261122001 已取消，无需拦截');
  });

  it('does release a held order after 确认, and say so when it is not held', async () => {
    await api.orders({});
    await api.say('cang', '拦截 TB20261122001');
    expect((await api.say('cang', '放行 TB20261122001')).text).toContain('确认');
    expect((await api.say('cang', '确认')).text).toContain('已由 孙八 放行订单');
    expect(await api.query('SELECT hold_state FROM orders')).toEqual([{ hold_state: 'none' }]);
    await api.say('cang', '放行 TB20261122001');
    expect((await api.say('cang', '确认')).result).toBe('conflict');
    const types = await api.query<{ type: string }>(
      'SELECT type FROM outbound_webhooks ORDER BY created_at, type',
    );
    expect(types.map((t) => t.type).sort()).toEqual(['hold', 'release']);
  });
});

const DUPLICATE = { buyer: { name: '张三', phone: '13900139000' } };

describe('merge', () => {
  it('does merge a cross-channel duplicate into the other order, resolve it and keep it quiet when evaluated again', async () => {
    await api.orders({
      ...DUPLICATE,
      channel: 'jd',
      externalId: 'JD001',
      createdAt: '2026-11-22T07:00:00+08:00',
    });
    await api.orders({ ...DUPLICATE });
    const [dup] = (await api.alerts('suspect_cross_channel_duplicate')).filter((a) => a.state !== 'resolved');
    const reply = await api.tap('wangwu', 'merge', dup!.id);
    expect(reply.result).toBe('ok');
    const merges = await api.query<{ into_order_id: string; merged_by: string }>(
      'SELECT * FROM order_merges',
    );
    expect(merges).toHaveLength(1);
    expect(
      (
        await api.query<{ resolve_reason: string }>('SELECT resolve_reason FROM alerts WHERE id = $1', [
          dup!.id,
        ])
      )[0]!.resolve_reason,
    ).toMatch(/^merged into \w+:\w+ by 王五$/);
    const out = await api.query<{ payload: { data: { into: unknown } } }>(
      `SELECT payload FROM outbound_webhooks WHERE type = 'merge'`,
    );
    expect(out).toHaveLength(1);
    const again = await api.tap('wangwu', 'merge', dup!.id, {});
    expect(again.result).toBe('conflict');
    const merged = await api.query<{ channel: string; external_id: string }>(
      'SELECT o.channel, o.external_id FROM orders o JOIN order_merges m ON m.order_id = o.id',
    );
    await api.events(
      api.eventBody(
        'remark',
        '2026-11-22T10:00:00+08:00',
        { text: '请尽快' },
        {
          channel: merged[0]!.channel,
          externalId: merged[0]!.external_id,
        },
      ),
    );
    const open = await api.query(
      `SELECT a.id FROM alerts a JOIN order_merges m ON m.order_id = a.order_id
       WHERE a.rule = 'suspect_cross_channel_duplicate' AND a.state <> 'resolved'`,
    );
    expect(open).toEqual([]);
  });
});

describe('legit', () => {
  it('does resolve the suspect alert and keep that rule quiet for the customer on later orders', async () => {
    await api.orders({ remark: '测试' });
    const a = await api.alert('suspect_test_order');
    const reply = await api.tap('wangwu', 'legit', a.id);
    expect(reply.text).toContain('已由 王五 标记正常');
    expect((await api.alert('suspect_test_order')).resolve_reason).toBe('marked legit by 王五');
    expect(await api.query('SELECT rule, marked_by FROM legit_marks')).toEqual([
      { rule: 'suspect_test_order', marked_by: 'wangwu' },
    ]);
    await api.orders({ externalId: 'TB20261122002', remark: '测试' });
    await api.events(api.eventBody('remark', '2026-11-22T10:00:00+08:00', { text: '测试 again' }));
    expect((await api.alerts('suspect_test_order')).map((x) => x.state)).toEqual(['resolved']);
  });

  it('does not quiet the rule for another customer', async () => {
    await api.orders({ remark: '测试' });
    await api.tap('wangwu', 'legit', (await api.alert('suspect_test_order')).id);
    await api.orders({
      externalId: 'TB20261122003',
      remark: '测试',
      buyer: { name: '李四', phone: '13700137000' },
    });
    expect((await api.alerts('suspect_test_order')).map((x) => x.state)).toEqual(['resolved', 'open']);
  });
});
