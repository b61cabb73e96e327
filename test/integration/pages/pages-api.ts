// Shared driver for the page suites: the real app over a fresh database, orders and events posted through
// the API (alerts open in-line), links signed with the app's own signer on the fake clock.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

export const START = '2026-11-22T12:00:00Z';
export const DAY = 86_400_000;
export const WEEK = 7 * DAY;

export const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
};

export function usePagesApi() {
  let db: TestDatabase | undefined;
  let t: TestApp | undefined;
  let phones = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await buildTestApp(db);
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await need().db.pool.query('TRUNCATE orders, deliveries CASCADE');
    need().t.clock.set(START);
  });

  function need() {
    if (!db || !t) throw new Error('usePagesApi() hooks have not run');
    return { db, t };
  }

  return {
    get db() {
      return need().db;
    },
    get t() {
      return need().t;
    },
    /** Posts one order (a fresh phone unless given) and returns its id. */
    async order(overrides: Record<string, unknown>): Promise<string> {
      const phone = `139${String(20_000_000 + ++phones)}`;
      const body = orderBody({ buyer: { name: '王五', phone }, ...overrides });
      const res = await need().t.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: need().t.auth,
        payload: { orders: [body] },
      });
      expect(res.statusCode).toBe(200);
      const [result] = res.json().results;
      expect(result).toMatchObject({ ok: true });
      return result.id as string;
    },
    async events(externalId: string, ...events: [string, string, Record<string, unknown>?][]) {
      const res = await need().t.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: need().t.auth,
        payload: {
          events: events.map(([type, at, data]) => eventBody(type, at, data ?? {}, { externalId })),
        },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    },
    get: (url: string) => need().t.app.inject({ method: 'GET', url }),
    orderLink: (orderId: string, ttlMs = WEEK) => `/o/${need().t.links.sign(orderId, ttlMs)}`,
    digestLink: (deliveryId: string, ttlMs = WEEK) =>
      `/d/${need().t.links.sign(`digest:${deliveryId}`, ttlMs)}`,
  };
}

/** The text of an HTML page with tags dropped and whitespace collapsed, for reading order. */
export function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** A token with its last signature character changed: same length, wrong MAC. */
export function tamper(link: string): string {
  const last = link.at(-1);
  return link.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}
