// claim, resolve, snooze from a card button or typed text: the effect, the audit row, the card refresh.
import { describe, expect, it } from 'vitest';
import { loadCardSources } from '../../../src/store/delivery-read.js';
import { useActions } from './harness.js';

const api = useActions();
const TEST_ORDER = { remark: '测试单 勿发' };

describe('claim', () => {
  it('does claim the alert, name the person on the card and write one audit row when a known person taps claim', async () => {
    await api.orders(TEST_ORDER);
    const before = await api.alert('suspect_test_order');
    const reply = await api.tap('zhangsan', 'claim', before.id);
    expect(reply).toMatchObject({ result: 'ok', buttonText: '已认领' });
    expect(reply.text).toBe('✅ 已由 张三 认领：疑似测试单 · taobao:TB20261122001 · 14:00');
    const after = await api.alert('suspect_test_order');
    expect(after).toMatchObject({ state: 'claimed', claimed_by: 'zhangsan', revision: before.revision + 1 });
    const cards = await loadCardSources(api.need().db.pool, [after.id], 'wecom_app:ops');
    expect(cards.get(after.id)!.alert.claimedBy).toBe('张三');
    expect(api.changed).toEqual([[after.id]]);
    const audit = await api.audit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      person_id: 'zhangsan',
      actor_name: '张三',
      platform: 'wecom',
      platform_user_id: 'zhangsan',
      action: 'claim',
      result: 'ok',
      order_channel: 'taobao',
      order_external_id: 'TB20261122001',
      alert_id: after.id,
    });
    expect(audit[0]!.idempotency_key).toMatch(/^wecom:ev-\d+$/);
    expect(audit[0]!.reply).toEqual(reply);
  });

  it('does answer who claimed it and when when a second person claims it', async () => {
    await api.orders(TEST_ORDER);
    const a = await api.alert('suspect_test_order');
    await api.tap('zhangsan', 'claim', a.id);
    api.need().t.clock.advance(60_000);
    const reply = await api.tap('lisi', 'claim', a.id);
    expect(reply.result).toBe('conflict');
    expect(reply.text).toContain('已由 张三 于 11-22 14:00 认领');
    expect((await api.alert('suspect_test_order')).claimed_by).toBe('zhangsan');
    expect((await api.audit()).map((r) => r.result)).toEqual(['ok', 'conflict']);
  });

  it('does claim by typed short id', async () => {
    await api.orders(TEST_ORDER);
    const a = await api.alert('suspect_test_order');
    const reply = await api.say('wangwu', `认领 #${a.id.slice(0, 8)}`);
    expect(reply.result).toBe('ok');
    expect((await api.alert('suspect_test_order')).claimed_by).toBe('wangwu');
  });
});

describe('resolve and snooze', () => {
  it('does resolve with the person in the reason and a history row when someone taps resolve', async () => {
    await api.orders(TEST_ORDER);
    const a = await api.alert('suspect_test_order');
    const reply = await api.tap('wangwu', 'resolve', a.id);
    expect(reply.text).toContain('已由 王五 处理完成');
    const after = await api.alert('suspect_test_order');
    expect(after).toMatchObject({
      state: 'resolved',
      resolve_reason: 'resolved by 王五',
      revision: a.revision + 1,
    });
    const history = await api.query(
      `SELECT change, detail FROM alert_history WHERE alert_id = $1 AND change = 'resolved'`,
      [a.id],
    );
    expect(history).toEqual([{ change: 'resolved', detail: { reason: 'resolved by 王五', by: 'wangwu' } }]);
    const again = await api.tap('lisi', 'resolve', a.id);
    expect(again.result).toBe('conflict');
    expect(again.text).toContain('王五 已处理完成');
  });

  it('does mute the alert until the snooze ends when someone types snooze with a duration', async () => {
    await api.orders(TEST_ORDER);
    const a = await api.alert('suspect_test_order');
    const reply = await api.say('wangwu', `静默 #${a.id.slice(0, 8)} 2小时`);
    expect(reply.result).toBe('ok');
    expect(reply.text).toContain('11-22 16:00 前不再提醒');
    const after = await api.alert('suspect_test_order');
    expect(after.snoozed_until).toEqual(new Date('2026-11-22T08:00:00Z'));
    expect(after.muted_reason).toMatch(/^snoozed until/);
    expect(after.revision).toBeGreaterThan(a.revision);
  });
});

describe('idempotency and identity', () => {
  it('does answer a redelivered event with the first reply marked duplicate and change nothing', async () => {
    await api.orders(TEST_ORDER);
    const a = await api.alert('suspect_test_order');
    const first = await api.tap('zhangsan', 'claim', a.id, { eventId: 'same-event' });
    const revision = (await api.alert('suspect_test_order')).revision;
    const again = await api.tap('zhangsan', 'claim', a.id, { eventId: 'same-event' });
    expect(again).toEqual({ ...first, duplicate: true });
    expect((await api.alert('suspect_test_order')).revision).toBe(revision);
    expect(await api.audit()).toHaveLength(1);
  });

  it('does apply a concurrently redelivered event exactly once', async () => {
    await api.orders(TEST_ORDER);
    const a = await api.alert('suspect_test_order');
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => api.tap('zhangsan', 'claim', a.id, { eventId: 'burst' })),
    );
    expect(replies.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(await api.audit()).toHaveLength(1);
  });

  it('does deny an unknown chat user politely, naming their id, and audit it as denied', async () => {
    await api.orders(TEST_ORDER);
    const a = await api.alert('suspect_test_order');
    const reply = await api.tap('stranger42', 'claim', a.id);
    expect(reply.result).toBe('denied');
    expect(reply.text).toContain('stranger42');
    expect(reply.text).toContain('管理员');
    expect((await api.alert('suspect_test_order')).state).toBe('open');
    expect(await api.audit()).toMatchObject([{ action: 'claim', result: 'denied', person_id: null }]);
  });

  it('does let an unknown chat user show an order, masked', async () => {
    await api.orders(TEST_ORDER);
    const reply = await api.say('stranger42', '查单 TB20261122001');
    expect(reply.result).toBe('info');
    expect(reply.text).toContain('138****8000');
    expect(reply.text).toContain('张*');
    expect(reply.text).toContain('浙江省杭州市余杭区');
    expect(reply.text).not.toContain('文一西路');
    expect(reply.text).toContain((await api.alert('suspect_test_order')).id.slice(0, 8));
    expect(await api.audit()).toMatchObject([{ action: 'show', result: 'ok' }]);
  });

  it('does deny a person whose roles do not allow the command, naming the roles', async () => {
    await api.orders(TEST_ORDER);
    const reply = await api.say('cang', '合并 TB20261122001');
    expect(reply.result).toBe('denied');
    expect(reply.text).toBe('⛔ 你没有合并的权限（需要：客服/主管/管理员），已记录');
  });

  it('does explain an unknown command and keep it out of the audit trail', async () => {
    const reply = await api.say('zhangsan', 'frobnicate everything');
    expect(reply.result).toBe('info');
    const rows = await api.audit();
    expect(rows).toMatchObject([{ action: 'unknown', result: 'info' }]);
  });
});

describe('targets', () => {
  it('does ask which channel when an order id exists on two channels', async () => {
    await api.orders(TEST_ORDER, { ...TEST_ORDER, channel: 'jd' });
    const reply = await api.say('zhangsan', '认领 TB20261122001');
    expect(reply.result).toBe('error');
    expect(reply.text).toContain('jd:TB20261122001');
    expect(reply.text).toContain('taobao:TB20261122001');
  });

  it('does ask which alert, listing short ids and rule names, when the order has several', async () => {
    await api.orders({
      remark: '测试',
      address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '附近' },
    });
    const alerts = await api.alerts();
    expect(alerts.length).toBeGreaterThan(1);
    const reply = await api.say('zhangsan', '认领 TB20261122001');
    expect(reply.result).toBe('error');
    for (const a of alerts) expect(reply.text).toContain(`#${a.id.slice(0, 8)}`);
    expect(reply.text).toContain('测试单');
  });
});
