import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, SHOPIFY_SECRET, TEST_TOKEN, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

let db: TestDatabase;
let t: TestApp;
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/channels/${name}`, import.meta.url), 'utf8');

beforeAll(async () => {
  db = await createTestDatabase();
  t = await buildTestApp(db);
});
afterAll(async () => {
  await t?.app.close();
  await db?.drop();
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE orders CASCADE');
  t.handedOn.length = 0;
});

const post = (url: string, payload: unknown, headers: Record<string, string> = t.auth) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: payload as never,
    headers: { 'content-type': 'application/json', ...headers },
  });
const count = async (table: string) =>
  (await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

describe('authentication', () => {
  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-value' }],
    ['a non-bearer scheme', { authorization: `Basic ${TEST_TOKEN}` }],
  ])('answers 401 to /api with %s, and never echoes the token', async (_name, headers) => {
    const res = await post('/api/v1/orders', { orders: [orderBody()] }, headers as Record<string, string>);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthorized' });
    expect(res.body).not.toContain(TEST_TOKEN);
    expect(await count('orders')).toBe(0);
  });

  it('answers 401 to everyone when no API token is configured', async () => {
    const closed = await buildTestApp(db, { apiToken: null });
    const res = await closed.app.inject({
      method: 'GET',
      url: '/api/v1/orders/taobao/X',
      headers: { authorization: 'Bearer anything' },
    });
    expect(res.statusCode).toBe(401);
    await closed.app.close();
  });

  it('serves /healthz without a token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
  });
});

describe('POST /api/v1/orders', () => {
  it('stores valid items and reports invalid ones with JSON pointers, never half-storing', async () => {
    const res = await post('/api/v1/orders', {
      orders: [
        orderBody(),
        orderBody({ externalId: 'B', buyer: { name: '李四', phone: '12345' }, amount: '1.001' }),
        orderBody({ externalId: 'C', createdAt: '2026-11-22T08:00:00' }),
      ],
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results[0]).toMatchObject({ index: 0, ok: true });
    expect(results[1].ok).toBe(false);
    expect(results[1].errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/orders/1/amount',
      '/orders/1/buyer/phone',
    ]);
    expect(results[2].errors[0].path).toBe('/orders/2/createdAt');
    expect(results[2].errors[0].message).toMatch(/偏移|offset/);
    expect(await count('orders')).toBe(1);
    expect(t.handedOn).toEqual([[results[0].id]]);
  });

  it('is idempotent: the same batch twice stores once and hands on nothing the second time', async () => {
    const batch = { orders: [orderBody(), orderBody({ externalId: 'TB2' })] };
    const first = (await post('/api/v1/orders', batch)).json();
    const second = (await post('/api/v1/orders', batch)).json();
    expect(second.results.map((r: { id: string }) => r.id)).toEqual(
      first.results.map((r: { id: string }) => r.id),
    );
    expect(second.results.every((r: { unchanged?: boolean }) => r.unchanged)).toBe(true);
    expect(t.handedOn).toHaveLength(1);
    expect(await count('orders')).toBe(2);
  });

  it.each([
    ['malformed JSON', '{"orders": [', 'invalid_json'],
    ['an array body', '[]', 'invalid_envelope'],
    ['orders not an array', '{"orders": {}}', 'invalid_envelope'],
    ['an empty batch', '{"orders": []}', 'invalid_envelope'],
    ['an empty body', '', 'invalid_envelope'],
  ])('answers 400 with a clear message for %s', async (_name, payload, error) => {
    const res = await post('/api/v1/orders', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe(error);
    expect(res.json().message.length).toBeGreaterThan(5);
  });

  it('answers 413 over 5000 items', async () => {
    const orders = Array.from({ length: 5001 }, (_, i) => orderBody({ externalId: `X${i}` }));
    const res = await post('/api/v1/orders', { orders });
    expect(res.statusCode).toBe(413);
    expect(await count('orders')).toBe(0);
  });

  it('answers 413 over 10 MB', async () => {
    const big = 'x'.repeat(11 * 1024 * 1024);
    const res = await post('/api/v1/orders', `{"orders":[{"remark":"${big}"}]}`);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('payload_too_large');
  });

  it.each([
    ['an unknown status', { status: 'teleported' }, '/orders/0/status'],
    ['a control character', { remark: 'a\u0000b' }, '/orders/0/remark'],
    ['an over-long external id', { externalId: 'x'.repeat(500) }, '/orders/0/externalId'],
    ['a negative amount', { amount: '-1.00' }, '/orders/0/amount'],
  ])('rejects %s with a message a person understands', async (_name, override, path) => {
    const res = await post('/api/v1/orders', { orders: [orderBody(override)] });
    const [r] = res.json().results;
    expect(r.ok).toBe(false);
    expect(r.errors[0].path).toBe(path);
    expect(r.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('keeps markup and SQL-looking text verbatim and returns it as data, not HTML', async () => {
    const remark = "<img src=x onerror=alert(1)> '); DELETE FROM orders; --";
    await post('/api/v1/orders', { orders: [orderBody({ remark })] });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/orders/taobao/TB20261122001',
      headers: t.auth,
    });
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json().order.remark).toBe(remark);
  });
});

describe('POST /api/v1/events and GET the order', () => {
  beforeEach(async () => {
    await post('/api/v1/orders', { orders: [orderBody()] });
    t.handedOn.length = 0;
  });

  it('applies events by event time, dedupes repeats and reports unknown orders', async () => {
    const shipped = eventBody(
      'shipped',
      '2026-11-22T10:00:00+08:00',
      { trackingNo: 'SF1', carrier: '顺丰' },
      { eventId: 'ev-2' },
    );
    const picked = eventBody('picked', '2026-11-22T09:00:00+08:00', {}, { eventId: 'ev-1' });
    const res = await post('/api/v1/events', {
      events: [
        shipped,
        picked,
        shipped,
        eventBody('picked', '2026-11-22T09:00:00+08:00', {}, { externalId: 'NOPE' }),
      ],
    });
    const { results } = res.json();
    expect(results.map((r: { ok: boolean; duplicate?: boolean }) => [r.ok, r.duplicate ?? false])).toEqual([
      [true, false],
      [true, false],
      [true, true],
      [false, false],
    ]);
    expect(results[3].errors[0].path).toBe('/events/3/externalId');
    expect(t.handedOn).toHaveLength(1);

    const order = (
      await t.app.inject({ method: 'GET', url: '/api/v1/orders/taobao/TB20261122001', headers: t.auth })
    ).json();
    expect(order.order).toMatchObject({
      status: 'shipped',
      amountFen: 39900,
      logistics: { trackingNo: 'SF1' },
    });
    expect(order.events.map((e: { type: string }) => e.type)).toEqual(['picked', 'shipped']);
    expect(order).toHaveProperty('alerts');
    expect(order).toHaveProperty('audit');
  });

  it('answers 404 for an order it does not know', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orders/jd/404404', headers: t.auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });

  it('counts what it received in /metrics', async () => {
    const okEvents = async () =>
      (await t.metrics.ingestItems.get()).values.find(
        (v) => v.labels.kind === 'events' && v.labels.result === 'ok',
      )?.value ?? 0;
    const before = await okEvents();
    await post('/api/v1/events', { events: [eventBody('picked', '2026-11-22T09:00:00+08:00')] });
    expect(await okEvents()).toBe(before + 1);
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/orderwatch_ingest_items_total\{kind="events",result="ok"\} \d+/);
    expect(text).toMatch(/orderwatch_http_request_duration_seconds_bucket/);
  });

  it('reports readiness from its checks', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().checks).toEqual([{ name: 'postgres', ok: true }]);
  });
});

describe('POST /api/v1/channels/:channel/orders', () => {
  it('maps a Taobao trade and stores the native payload as raw', async () => {
    const res = await post('/api/v1/channels/taobao/orders', fixture('taobao-fullinfo.json'));
    expect(res.statusCode).toBe(200);
    const [r] = res.json().results;
    expect(r.ok).toBe(true);
    const stored = (await db.pool.query('SELECT channel, raw FROM orders WHERE id = $1', [r.id])).rows[0];
    expect(stored.channel).toBe('taobao');
    expect(JSON.stringify(stored.raw)).toContain('tid');
  });

  it.each(['jd-order-search.json', 'pdd-order-information.json', 'douyin-order-detail.json'])(
    'stores every order of %s',
    async (name) => {
      const channel = name.split('-')[0]!;
      const res = await post(`/api/v1/channels/${channel}/orders`, fixture(name));
      expect(res.statusCode).toBe(200);
      const results = res.json().results as { ok: boolean }[];
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await count('orders')).toBe(results.length);
    },
  );

  it('accepts a Shopify webhook signed with the shared secret and no bearer token', async () => {
    const body = fixture('shopify-orders-create.json');
    const hmac = createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64');
    const res = await post('/api/v1/channels/shopify/orders', body, { 'x-shopify-hmac-sha256': hmac });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0].ok).toBe(true);
  });

  it('refuses a Shopify webhook whose signature does not match, storing nothing', async () => {
    const body = fixture('shopify-orders-create.json');
    const forged = createHmac('sha256', 'not-the-secret').update(body).digest('base64');
    const res = await post('/api/v1/channels/shopify/orders', body, { 'x-shopify-hmac-sha256': forged });
    expect(res.statusCode).toBe(401);
    expect(await count('orders')).toBe(0);
  });

  it('answers 400 for a channel without a native mapping', async () => {
    const res = await post('/api/v1/channels/kuaishou/orders', { orders: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('unknown_channel');
  });
});
