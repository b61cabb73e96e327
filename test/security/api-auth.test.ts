// Every /api route the running server registers (collected from fastify itself, not hand-listed) refuses a
// request without the bearer token, with a wrong one, or with the right one in another scheme, and the
// refused request changes nothing in the store. Routes outside /api must be on the list of routes that
// authenticate by other means (signatures, signed links) or are public on purpose.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startDeliveryStack, waitUntil, type DeliveryStack } from '../helpers/delivery-stack.js';
import { eventBody, orderBody } from '../helpers/orders.js';
import { dbFingerprint, diffFingerprints } from './support.js';

interface Registered {
  app: FastifyInstance;
  routes: { method: string; url: string }[];
}

// Every fastify instance this file's module graph creates, with each route as fastify registers it.
const captured = vi.hoisted(() => [] as Registered[]);
vi.mock('fastify', async (importOriginal) => {
  const real = await importOriginal<typeof import('fastify')>();
  const wrapped = (opts?: Parameters<typeof real.default>[0]) => {
    const app = real.default(opts);
    const entry: Registered = { app, routes: [] };
    captured.push(entry);
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) entry.routes.push({ method: String(method), url: r.url });
    });
    return app;
  };
  return { ...real, default: Object.assign(wrapped, real.default), fastify: wrapped };
});

const HOUR = 3_600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const people = [{ id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi', roles: ['supervisor'] }];
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

/** The orderwatch app among the captured instances: the one that serves POST /api/v1/orders. */
function orderwatchApp(skip: readonly Registered[] = []): Registered {
  const found = captured.filter(
    (c) => !skip.includes(c) && c.routes.some((r) => r.method === 'POST' && r.url === '/api/v1/orders'),
  );
  if (found.length !== 1) throw new Error(`expected one orderwatch app, found ${found.length}`);
  return found[0]!;
}

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const unique = <T extends { method: string; url: string }>(list: T[]) => [
  ...new Map(list.map((r) => [key(r), r])).values(),
];

// Two processes: the live one (every platform configured, no demo feed) and one with DEMO_FEED=on, whose
// extra /api route only exists while the feed runs.
const stack: DeliveryStack = await startDeliveryStack({ people, teams, callbacks: true, sms: true });
const live = orderwatchApp();
const demo: DeliveryStack = await startDeliveryStack({ people, teams, env: { DEMO_FEED: 'on' } });
const demoApp = orderwatchApp([live]);
afterAll(async () => {
  await Promise.allSettled([stack.stop(), demo.stop()]);
});

const TOKEN = stack.secrets.API_TOKEN!;
const liveApi = unique(live.routes.filter((r) => r.url.startsWith('/api/')));
const demoOnly = unique(demoApp.routes.filter((r) => r.url.startsWith('/api/'))).filter(
  (r) => !liveApi.some((l) => key(l) === key(r)),
);

// What the store holds before the refused requests: an order with an open alert and its cards, a silence,
// an opted-out phone, a dead delivery. A request that got through would change one of them.
const SEEDED = 'SECAUTH001';
async function seed(): Promise<{ silenceId: string; deliveryId: string }> {
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const order = orderBody({ externalId: SEEDED, createdAt: iso(3 * HOUR), paidAt: iso(3 * HOUR) });
  const posted = await live.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: auth,
    payload: { orders: [order] },
  });
  expect(posted.statusCode).toBe(200);
  const silence = await live.app.inject({
    method: 'POST',
    url: '/api/v1/silences',
    headers: auth,
    payload: { matchers: { warehouse: 'sh-9' }, duration: '2h', reason: '盘点', createdBy: 'lisi' },
  });
  expect(silence.statusCode).toBe(201);
  const optOut = await live.app.inject({
    method: 'POST',
    url: '/api/v1/customers/opt-out',
    headers: auth,
    payload: { phone: '13700137000' },
  });
  expect(optOut.statusCode).toBe(200);
  const pool = stack.db.pool;
  await waitUntil(async () => {
    const { rows } = await pool.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status NOT IN ('sent', 'dead'))::int AS busy FROM deliveries`,
    );
    return rows[0].sent >= 2 && rows[0].busy === 0;
  }, 'the seeded cards delivered');
  const { rows } = await pool.query(
    `UPDATE deliveries SET status = 'dead' WHERE id = (SELECT id FROM deliveries ORDER BY id LIMIT 1)
     RETURNING id`,
  );
  return { silenceId: silence.json().silence.id, deliveryId: rows[0].id };
}
const seeded = await seed();

interface Sample {
  url: string;
  payload?: unknown;
}

/** A request that would change something (or read customer data) if it got through. */
function sampleFor(route: { method: string; url: string }): Sample {
  const taobao = readFileSync(new URL('../fixtures/channels/taobao-fullinfo.json', import.meta.url), 'utf8');
  const samples: Record<string, Sample> = {
    'POST /api/v1/orders': { url: '/api/v1/orders', payload: { orders: [orderBody({ externalId: 'X1' })] } },
    'POST /api/v1/events': {
      url: '/api/v1/events',
      payload: { events: [eventBody('picked', iso(0), {}, { externalId: SEEDED })] },
    },
    'POST /api/v1/channels/:channel/orders': { url: '/api/v1/channels/taobao/orders', payload: taobao },
    'GET /api/v1/orders/:channel/:externalId': { url: `/api/v1/orders/taobao/${SEEDED}` },
    'POST /api/v1/people': {
      url: '/api/v1/people',
      payload: { id: 'mallory', name: '马洛里', roles: ['admin'], wecom: 'mallory' },
    },
    'POST /api/v1/silences': {
      url: '/api/v1/silences',
      payload: { matchers: { warehouse: 'hz-1' }, duration: '1d', reason: 'x', createdBy: 'mallory' },
    },
    'DELETE /api/v1/silences/:id': { url: `/api/v1/silences/${seeded.silenceId}` },
    'POST /api/v1/deliveries/:id/retry': { url: `/api/v1/deliveries/${seeded.deliveryId}/retry` },
    'POST /api/v1/customers/opt-out': { url: '/api/v1/customers/opt-out', payload: { phone: '13800138000' } },
    'DELETE /api/v1/customers/opt-out': {
      url: '/api/v1/customers/opt-out',
      payload: { phone: '13700137000' },
    },
    'POST /api/v1/rules/dry-run': {
      url: '/api/v1/rules/dry-run',
      payload: { rules: { stuck_unpicked: { after: '1h' } } },
    },
    'POST /api/v1/demo/burst': { url: '/api/v1/demo/burst', payload: { count: 3, warehouse: 'sec-burst' } },
  };
  const known = samples[key(route)] ?? (route.method === 'HEAD' ? samples[`GET ${route.url}`] : undefined);
  if (known) return known;
  // A route added later: its parameters filled in from the seeded data, an empty object as a write's body.
  const params: Record<string, string> = { channel: 'taobao', externalId: SEEDED, id: seeded.silenceId };
  const url = route.url.replace(/:([A-Za-z]+)/g, (_m, name: string) => params[name] ?? 'x');
  return ['GET', 'HEAD'].includes(route.method) ? { url } : { url, payload: {} };
}

const ATTEMPTS: [string, Record<string, string>, (url: string) => string][] = [
  ['no Authorization header', {}, (u) => u],
  ['a wrong bearer token', { authorization: 'Bearer wrong-token-0123456789abcdef' }, (u) => u],
  ['the right token in the Basic scheme', { authorization: `Basic ${TOKEN}` }, (u) => u],
  ['the right token without a scheme', { authorization: TOKEN }, (u) => u],
  ['the right token as a query parameter', {}, (u) => `${u}${u.includes('?') ? '&' : '?'}token=${TOKEN}`],
  ['a percent-encoded /api path and no token', {}, (u) => u.replace(/^\/api\//, '/%61pi/')],
];

function inject(app: FastifyInstance, method: string, s: Sample, headers: Record<string, string>) {
  const body = s.payload === undefined ? {} : { payload: s.payload as never };
  return app.inject({
    method: method as 'GET',
    url: s.url,
    headers: s.payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...body,
  });
}

describe('the /api routes the server registers', () => {
  it('enumerates every /api route of the running server, the well-known ones among them', () => {
    const keys = liveApi.map(key);
    expect(keys.length).toBeGreaterThanOrEqual(20);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /api/v1/orders',
        'POST /api/v1/events',
        'POST /api/v1/channels/:channel/orders',
        'GET /api/v1/orders/:channel/:externalId',
        'GET /api/v1/alerts',
        'POST /api/v1/sweep',
        'POST /api/v1/rules/dry-run',
        'GET /api/v1/audit',
        'POST /api/v1/silences',
        'DELETE /api/v1/silences/:id',
        'POST /api/v1/customers/opt-out',
        'GET /api/v1/deliveries',
      ]),
    );
    expect(demoOnly.map(key)).toEqual(['POST /api/v1/demo/burst']);
    for (const r of liveApi) expect(live.app.hasRoute({ method: r.method as 'GET', url: r.url })).toBe(true);
  });

  it('serves nothing outside /api except the routes that authenticate by signature or are public on purpose', () => {
    const PUBLIC = [
      /^(GET|HEAD) \/(healthz|readyz|metrics)$/, // probes: no order data
      /^(GET|HEAD) \/(o|d|r)\/(:token|\*)$/, // signed, expiring links
      /^(GET|POST|HEAD) \/wecom\/(callback|bot)$/, // WeCom msg_signature + AES
      /^POST \/dingtalk\/robot$/, // DingTalk HMAC sign header
    ];
    const outside = unique([...live.routes, ...demoApp.routes].filter((r) => !r.url.startsWith('/api/')));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.map(key).filter((k) => !PUBLIC.some((p) => p.test(k)))).toEqual([]);
  });
});

describe.each(liveApi.map((r) => [key(r), r] as const))('%s', (_name, route) => {
  it.each(ATTEMPTS)(
    'refuses the request with %s (401) and changes nothing',
    async (_what, headers, urlOf) => {
      const sample = sampleFor(route);
      const before = await dbFingerprint(stack.db.pool);
      const res = await inject(live.app, route.method, { ...sample, url: urlOf(sample.url) }, headers);
      expect(res.statusCode).toBe(401);
      if (route.method !== 'HEAD') expect(res.json()).toMatchObject({ error: 'unauthorized' });
      expect(res.body).not.toContain(TOKEN);
      expect(diffFingerprints(before, await dbFingerprint(stack.db.pool))).toEqual([]);
    },
  );
});

describe.each(demoOnly.map((r) => [key(r), r] as const))('%s (demo feed on)', (_name, route) => {
  it.each(ATTEMPTS)(
    'refuses the request with %s (401) and injects nothing',
    async (_what, headers, urlOf) => {
      const sample = sampleFor(route);
      const res = await inject(demoApp.app, route.method, { ...sample, url: urlOf(sample.url) }, headers);
      expect(res.statusCode).toBe(401);
      const { rows } = await demo.db.pool.query(
        `SELECT count(*)::int AS n FROM orders WHERE warehouse = 'sec-burst'`,
      );
      expect(rows[0].n).toBe(0);
    },
  );
});

describe('Shopify webhook (HMAC instead of the bearer token)', () => {
  const body = readFileSync(
    new URL('../fixtures/channels/shopify-orders-create.json', import.meta.url),
    'utf8',
  );

  it.each([
    ['a forged HMAC', '/api/v1/channels/shopify/orders', 'Zm9yZ2VkLWhtYWMtdmFsdWU='],
    ['an empty HMAC', '/api/v1/channels/shopify/orders', ''],
    ['a forged HMAC on a percent-encoded path', '/%61pi/v1/channels/shopify/orders', 'Zm9yZ2Vk'],
  ])('refuses a Shopify order with %s (401) and stores nothing', async (_what, url, hmac) => {
    const before = await dbFingerprint(stack.db.pool);
    const res = await live.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': hmac },
      payload: body,
    });
    expect(res.statusCode).toBe(401);
    expect(diffFingerprints(before, await dbFingerprint(stack.db.pool))).toEqual([]);
  });
});

// Last, because these get through and change things: each sample reaches a real handler with the right
// token, so the refusals above were refusals of requests that would have worked.
describe('the same requests with the right token', () => {
  it.each([...liveApi, ...demoOnly].map((r) => [key(r), r] as const))(
    'lets %s through to its handler',
    async (_name, route) => {
      const app = demoOnly.includes(route) ? demoApp.app : live.app;
      const res = await inject(app, route.method, sampleFor(route), { authorization: `Bearer ${TOKEN}` });
      expect([401, 404]).not.toContain(res.statusCode);
      expect(res.statusCode).toBeLessThan(500);
    },
  );
});
