import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBearerCheck } from '../../../src/http/auth.js';
import { errorHandler } from '../../../src/http/error-handler.js';
import { reportChartUrl, reportRoutes } from '../../../src/http/routes/reports.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { createLinkSigner } from '../../../src/lib/signed-link.js';
import { PNG_SIGNATURE } from '../../../src/reports/png.js';
import { createReportStore } from '../../../src/store/report-store.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { decodePng } from '../../unit/reports/png-decode.js';
import { seedReportDay } from './seed.js';

const TOKEN = 'report-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };
let db: TestDatabase;
let app: FastifyInstance;
const clock = fakeClock('2026-11-23T01:30:00Z');
const links = createLinkSigner({ secret: 'report-link-secret', clock });

/** The app as app.ts builds it for these routes: long params, the /api bearer hook, the error handler. */
beforeAll(async () => {
  db = await createTestDatabase();
  await seedReportDay(db.pool);
  app = Fastify({ routerOptions: { maxParamLength: 2048 } });
  app.setErrorHandler(errorHandler);
  const check = createBearerCheck(TOKEN);
  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/api/')) check(req.headers.authorization);
  });
  reportRoutes(app, { reports: createReportStore(db.pool), clock, links });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const get = (url: string, headers: Record<string, string> = auth) =>
  app.inject({ method: 'GET', url, headers });

describe('GET /api/v1/reports/daily', () => {
  it("answers yesterday's report in Shanghai when given no date", async () => {
    const res = await get('/api/v1/reports/daily');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      date: '2026-11-22',
      team: null,
      orders: { total: 4 },
      cycle: { p90Minutes: 546, light: 'red' },
      alerts: { total: 6 },
    });
  });

  it("answers the team's figures when given a date and a team", async () => {
    const res = await get('/api/v1/reports/daily?date=2026-11-22&team=ops');
    expect(res.json()).toMatchObject({
      team: 'ops',
      alerts: { total: 4 },
      refunds: { approved: 1, rejected: 0 },
    });
  });

  it.each(['2026-02-30', '22-11-2026', 'yesterday', ''])(
    'answers 400 when given the date %j',
    async (date) => {
      const res = await get(`/api/v1/reports/daily?date=${encodeURIComponent(date)}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_query' });
    },
  );

  it('answers 400 when given a team id with spaces or slashes', async () => {
    expect((await get('/api/v1/reports/daily?team=a%2Fb')).statusCode).toBe(400);
  });

  it('answers 401 when given no bearer token', async () => {
    expect((await get('/api/v1/reports/daily', {})).statusCode).toBe(401);
    expect((await get('/api/v1/reports/daily/chart.png', {})).statusCode).toBe(401);
  });
});

describe('report charts', () => {
  it('answers a PNG of the hourly backlog when asked for chart.png', async () => {
    const res = await get('/api/v1/reports/daily/chart.png?date=2026-11-22');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(decodePng(res.rawPayload).width).toBe(720);
  });

  it('answers the chart without a bearer token when given a signed link', async () => {
    const url = reportChartUrl(links, 'https://ow.example.com/', '2026-11-22', 'ops');
    expect(url).toMatch(/^https:\/\/ow\.example\.com\/r\/[\w-]+\.[\w-]+$/);
    const res = await get(new URL(url).pathname, {});
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });

  it('answers 404 when the link is forged, expired or an order link', async () => {
    const url = new URL(reportChartUrl(links, 'https://ow.example.com', '2026-11-22', null)).pathname;
    expect((await get(`${url}x`, {})).statusCode).toBe(404);
    expect(
      (await get(`/r/${links.sign('0b6a0a57-1111-4222-8333-444455556666', 60_000)}`, {})).statusCode,
    ).toBe(404);
    clock.advance(8 * 24 * 3600_000);
    expect((await get(url, {})).statusCode).toBe(404);
  });
});
