// GET /o/:token: the full order behind a signed card link (DESIGN.md §3.5), its timeline and its alerts,
// and the pages a bad, expired or orphaned link gets instead. The clock starts at 20:00 Beijing time.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/lib/logger.js';
import { buildTestApp } from '../../helpers/app.js';
import { DAY, PAGE_HEADERS, WEEK, tamper, textOf, usePagesApi } from './pages-api.js';

const api = usePagesApi();

const HOSTILE = '<script>alert("pwned")</script> 请尽快发货 & 谢谢';
const IMG = '不想要了 <img src=x onerror=alert(1)>';

/**
 * A paid order, stuck since 08:01 (stuck_unpicked), with a refund request (refund_approval) and a later
 * remark that replaces the order's own.
 */
async function busyOrder(externalId = 'TB-PAGE-1'): Promise<string> {
  const id = await api.order({
    externalId,
    buyer: { name: '张三丰', phone: '13800138000' },
    remark: '尽快',
    items: [
      { sku: 'SKU-1', name: '连衣裙', qty: 1, price: '399.00' },
      { sku: 'SKU-2', name: '腰带 <b>', qty: 2, price: '0.50' },
    ],
    amount: '400.00',
  });
  await api.events(
    externalId,
    ['paid', '2026-11-22T08:01:00+08:00'],
    ['refund_requested', '2026-11-22T19:10:00+08:00', { refundId: 'RF1', amount: '9.90', reason: IMG }],
    ['remark', '2026-11-22T19:20:00+08:00', { text: HOSTILE }],
  );
  return id;
}

describe('GET /o/:token with a valid link', () => {
  it('shows the order, amounts, items and times with the buyer masked when the link is a card link', async () => {
    const id = await busyOrder();
    const res = await api.get(api.orderLink(id));
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    for (const shown of [
      '淘宝',
      'TB-PAGE-1',
      '已付款',
      '¥400.00',
      '张*',
      '138****8000',
      '浙江省杭州市余杭区',
      '手机号、姓名和详细地址已隐藏',
      'hz-1 仓',
      '连衣裙',
      '¥399.00',
      '× 2',
      '2026-11-22 08:01', // paid, Beijing time
      '2026-11-23 18:00', // promised ship time
    ]) {
      expect(text).toContain(shown);
    }
    for (const hidden of ['张三丰', '13800138000', '文一西路']) expect(text).not.toContain(hidden);
  });

  it('shows the full buyer record when the link was signed to reveal it', async () => {
    const id = await busyOrder();
    const text = textOf((await api.get(`/o/${api.t.links.sign(`reveal:${id}`, DAY)}`)).body);
    for (const shown of ['张三丰', '13800138000', '浙江省杭州市余杭区 文一西路 969 号']) {
      expect(text).toContain(shown);
    }
    expect(text).not.toContain('138****8000');
    expect(text).not.toContain('已隐藏');
  });

  it('masks phone numbers in buyer text and a changed address when the link does not reveal them', async () => {
    const id = await api.order({ externalId: 'TB-PAGE-3' });
    await api.events(
      'TB-PAGE-3',
      ['remark', '2026-11-22T19:20:00+08:00', { text: '改打 13700001111' }],
      [
        'address_changed',
        '2026-11-22T19:30:00+08:00',
        { address: { province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' } },
      ],
    );
    const masked = textOf((await api.get(api.orderLink(id))).body);
    for (const hidden of ['13700001111', '世纪大道']) expect(masked).not.toContain(hidden);
    expect(masked).toContain('买家备注 改打 137****1111');
    expect(masked).toContain('内容：改打 137****1111');
    expect(masked).toContain('新地址：上海市浦东新区');
    const full = textOf((await api.get(`/o/${api.t.links.sign(`reveal:${id}`, DAY)}`)).body);
    for (const shown of ['13700001111', '世纪大道 100 号']) expect(full).toContain(shown);
  });

  it('lists the timeline newest first with event details in Chinese when the order has events', async () => {
    const id = await busyOrder();
    const text = textOf((await api.get(api.orderLink(id))).body);
    const timeline = text.slice(text.indexOf('时间线'));
    const positions = ['备注', '申请退款', '买家付款'].map((w) => timeline.indexOf(w));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(timeline).toContain('2026-11-22 19:10');
    expect(timeline).toContain('退款单号：RF1');
    expect(timeline).toContain('金额：¥9.90');
    expect(timeline).toContain('原因：不想要了');
  });

  it('lists the order alerts with rule names, severity and state when detection opened them', async () => {
    const id = await busyOrder();
    const text = textOf((await api.get(api.orderLink(id))).body);
    const alerts = text.slice(text.indexOf('告警'), text.indexOf('时间线'));
    expect(alerts).toContain('待拣货超时');
    expect(alerts).toContain('退款待审批');
    expect(alerts).toContain('待处理');
    expect(alerts).toContain('触发于 2026-11-22 20:00');
    expect(alerts).not.toMatch(/stuck_unpicked|refund_approval/);
  });

  it('shows a resolved alert with its reason in Chinese when the order was cancelled', async () => {
    const id = await api.order({ externalId: 'TB-PAGE-2' });
    api.t.clock.advance(30 * 60_000);
    await api.events('TB-PAGE-2', ['cancelled', '2026-11-22T20:10:00+08:00', { reason: '买家不要了' }]);
    const text = textOf((await api.get(api.orderLink(id))).body);
    expect(text).toContain('已取消');
    expect(text).toContain('待拣货超时');
    expect(text).toContain('已恢复');
    expect(text).toContain('原因：订单已取消');
    expect(text).toContain('恢复于 2026-11-22 20:30');
  });

  it('escapes hostile buyer text when a remark, an item or an event carries HTML', async () => {
    const id = await busyOrder();
    const html = (await api.get(api.orderLink(id))).body;
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    const escaped = '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; 请尽快发货 &amp; 谢谢';
    expect(html.split(escaped)).toHaveLength(3); // the order's remark and the timeline entry
    expect(html).toContain('原因：不想要了 &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('sends no-store, noindex, no-referrer and a strict CSP when it serves a page', async () => {
    const id = await busyOrder();
    const res = await api.get(api.orderLink(id));
    expect(res.headers).toMatchObject(PAGE_HEADERS);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    // Nothing to load from elsewhere: no scripts, no stylesheets, no images, no absolute links.
    expect(res.body).not.toMatch(/<script|<link|<img|src=|https?:\/\//);
    expect(res.body).toMatch(/^<!doctype html>\n/);
    expect(res.body).toMatch(/<meta name=["']viewport["']/);
  });
});

describe('GET /o/:token with a link that does not open', () => {
  it('answers 404 "链接无效" without echoing the token when the signature was tampered with', async () => {
    const id = await busyOrder();
    const link = tamper(api.orderLink(id));
    const res = await api.get(link);
    expect(res.statusCode).toBe(404);
    expect(res.headers).toMatchObject(PAGE_HEADERS);
    expect(textOf(res.body)).toContain('链接无效');
    expect(res.body).not.toContain(link.slice('/o/'.length));
    expect(res.body).not.toContain('张三');
  });

  it.each([
    ['garbage', '/o/not-a-token'],
    ['too many parts', '/o/a.b.c'],
    ['an empty token', '/o/'],
    ['extra path segments', '/o/abc.def/more'],
    ['an over-long token', `/o/${'A'.repeat(3000)}.${'B'.repeat(22)}`],
  ])('answers 404 "链接无效" when the token is %s', async (_name, url) => {
    const res = await api.get(url);
    expect(res.statusCode).toBe(404);
    expect(res.headers).toMatchObject(PAGE_HEADERS);
    expect(textOf(res.body)).toContain('链接无效');
    expect(res.body).not.toContain('AAAAAAAA');
  });

  it('answers 410 asking to reopen the card when the link has expired', async () => {
    const id = await busyOrder();
    const link = api.orderLink(id);
    api.t.clock.advance(WEEK - 1000);
    expect((await api.get(link)).statusCode).toBe(200);
    api.t.clock.advance(1000);
    const res = await api.get(link);
    expect(res.statusCode).toBe(410);
    expect(res.headers).toMatchObject(PAGE_HEADERS);
    expect(textOf(res.body)).toContain('链接已过期，请在群里重新打开卡片');
    expect(res.body).not.toContain(link.slice('/o/'.length));
    expect(res.body).not.toContain('13800138000');
  });

  it('answers 404 when the link names an order that does not exist', async () => {
    for (const orderId of [randomUUID(), 'not-a-uuid']) {
      const res = await api.get(api.orderLink(orderId, DAY));
      expect(res.statusCode).toBe(404);
      expect(textOf(res.body)).toContain('订单不存在');
    }
  });

  it('answers 404 when a digest link is opened as an order link', async () => {
    const digestToken = api.t.links.sign(`digest:${randomUUID()}`, DAY);
    const res = await api.get(`/o/${digestToken}`);
    expect(res.statusCode).toBe(404);
    expect(textOf(res.body)).toContain('链接无效');
  });

  it('writes no token to the log when links are good, bad or expired', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await buildTestApp(api.db, { logger: createLogger('trace', sink) });
    try {
      const id = await busyOrder();
      const good = api.orderLink(id);
      const bad = tamper(good);
      const other = api.orderLink(randomUUID());
      for (const url of [good, bad, other]) await logged.app.inject({ method: 'GET', url });
      logged.clock.advance(WEEK + DAY);
      await logged.app.inject({ method: 'GET', url: good });
      for (const token of [good, bad, other].map((l) => l.slice('/o/'.length))) {
        expect(lines.join('')).not.toContain(token);
        expect(lines.join('')).not.toContain(token.split('.')[1]);
      }
    } finally {
      await logged.app.close();
    }
  });
});

describe('POST /api/v1/orders/:channel/:externalId/link', () => {
  const issue = (payload: unknown, externalId = 'TB-PAGE-1', headers: Record<string, string> = api.t.auth) =>
    api.t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/taobao/${externalId}/link`,
      headers,
      payload: payload as Record<string, unknown>,
    });
  const path = (url: string) => new URL(url).pathname;

  it('issues a revealing link for an hour by default that shows the full record until it expires', async () => {
    await busyOrder();
    const res = await issue({ reveal: true });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ reveal: true, expiresAt: '2026-11-22T13:00:00.000Z' });
    expect(body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/o\//);
    expect(textOf((await api.get(path(body.url))).body)).toContain('13800138000');
    api.t.clock.advance(60 * 60_000);
    expect((await api.get(path(body.url))).statusCode).toBe(410);
  });

  it('issues a masked link for a week when reveal is not asked for', async () => {
    await busyOrder();
    const body = (await issue({})).json();
    expect(body).toMatchObject({ reveal: false, expiresAt: '2026-11-29T12:00:00.000Z' });
    const text = textOf((await api.get(path(body.url))).body);
    expect(text).toContain('138****8000');
    expect(text).not.toContain('13800138000');
  });

  it.each([
    ['a revealing link longer than a day', { reveal: true, ttlMinutes: 24 * 60 + 1 }],
    ['a zero lifetime', { ttlMinutes: 0 }],
    ['an unknown field', { reveal: true, scope: 'all' }],
    ['reveal as text', { reveal: 'yes' }],
  ])('answers 400 for %s', async (_name, payload) => {
    await busyOrder();
    const res = await issue(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
  });

  it('answers 404 when the order does not exist', async () => {
    const res = await issue({ reveal: true }, 'TB-NOPE');
    expect(res.statusCode).toBe(404);
  });

  it('answers 401 and issues nothing without the API token', async () => {
    await busyOrder();
    const res = await issue({ reveal: true }, 'TB-PAGE-1', {});
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('/o/');
  });
});
