// GET /api/v1/audit (CONTRACT.md §3) and the order's audit trail; the people admin API.
import { describe, expect, it } from 'vitest';
import { refundEvent, useActions } from './harness.js';

const api = useActions();

const get = async (url: string) => {
  const t = api.need().t;
  return t.app.inject({ method: 'GET', url, headers: t.auth });
};

describe('GET /api/v1/audit', () => {
  it('does answer who did what to order X, when and from where, newest first', async () => {
    await api.orders({});
    await api.events(refundEvent('399.00'));
    const alert = await api.alert('refund_approval');
    await api.tap('wangwu', 'approve', alert.id, { platform: 'dingtalk' });
    api.need().t.clock.advance(60_000);
    await api.tap('zhangsan', 'approve', alert.id);
    const res = await get('/api/v1/audit?channel=taobao&externalId=TB20261122001');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { entries: Record<string, unknown>[]; next: string | null };
    expect(body.next).toBeNull();
    expect(body.entries).toHaveLength(2);
    expect(body.entries[0]).toEqual({
      id: expect.any(String),
      at: '2026-11-22T06:01:00.000Z',
      actor: { personId: 'zhangsan', name: '张三', platform: 'wecom', platformUserId: 'zhangsan' },
      action: 'approve',
      args: { target: `#${alert.id}` },
      result: 'ok',
      message: '✅ 已由 张三 批准退款 ¥399.00 · 14:01',
      order: { channel: 'taobao', externalId: 'TB20261122001' },
      alertId: alert.id,
    });
    expect(body.entries[1]).toMatchObject({
      actor: { personId: null, name: null, platform: 'dingtalk', platformUserId: 'wangwu' },
      result: 'denied',
    });
    const order = (await get('/api/v1/orders/taobao/TB20261122001')).json() as { audit: unknown[] };
    expect(order.audit).toEqual(body.entries);
  });

  it('does page with a keyset cursor and filter by actor', async () => {
    await api.orders({});
    for (let i = 0; i < 5; i++) {
      api.need().t.clock.advance(1_000);
      await api.say(i % 2 ? 'lisi' : 'zhangsan', '查单 TB20261122001');
    }
    const first = (await get('/api/v1/audit?limit=2')).json() as { entries: { at: string }[]; next: string };
    expect(first.entries).toHaveLength(2);
    const second = (await get(`/api/v1/audit?limit=2&cursor=${first.next}`)).json() as {
      entries: { at: string }[];
      next: string;
    };
    const third = (await get(`/api/v1/audit?limit=2&cursor=${second.next}`)).json() as {
      entries: unknown[];
      next: null;
    };
    expect(third).toMatchObject({ next: null });
    const ats = [...first.entries, ...second.entries, ...(third.entries as { at: string }[])].map(
      (e) => e.at,
    );
    expect(ats).toEqual([...ats].sort().reverse());
    expect(new Set(ats).size).toBe(5);
    const lisi = (await get('/api/v1/audit?actor=lisi')).json() as { entries: unknown[] };
    expect(lisi.entries).toHaveLength(2);
  });

  it('does answer 400 to a bad limit or cursor and 401 without the token', async () => {
    expect((await get('/api/v1/audit?limit=10001')).statusCode).toBe(400);
    expect((await get('/api/v1/audit?cursor=nonsense')).statusCode).toBe(400);
    const t = api.need().t;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });
});

describe('people API', () => {
  it('does add a person who can then act from the chat', async () => {
    const t = api.need().t;
    const before = await api.say('newbie', '查单 TB1');
    expect(before.result).toBe('error');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: t.auth,
      payload: { id: 'newbie', name: '周九', roles: ['cs'], wecom: 'newbie' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      person: { id: 'newbie', name: '周九', roles: ['cs'], wecom: 'newbie', source: 'api' },
    });
    await api.orders({ remark: '测试' });
    expect((await api.tap('newbie', 'claim', (await api.alert('suspect_test_order')).id)).result).toBe('ok');
    const list = (await get('/api/v1/people')).json() as { people: { id: string }[] };
    expect(list.people.map((p) => p.id)).toContain('newbie');
  });

  it('does answer 400 with per-field errors for an invalid person', async () => {
    const t = api.need().t;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: t.auth,
      payload: { id: '', name: '周九', roles: ['boss'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'invalid_person',
      errors: [{ path: '/id' }, { path: '/roles/0' }],
    });
  });
});
