// Shared driver for the per-rule alert suites: the real app over a fresh database, driven only through
// the HTTP API (orders, events, sweep, alerts) and the fake clock. Every test starts on an empty store
// with the clock at 2026-11-22T12:00:00Z (20:00 in Asia/Shanghai).
import type { AlertView } from '../../../src/store/alert-list.js';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

export const START = '2026-11-22T12:00:00Z';
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An alert as GET /api/v1/alerts answers it (JSON, so `details` is a plain object). */
export type AlertJson = Omit<AlertView, 'details'> & { details: Record<string, unknown> };

export interface SweepJson {
  opened: number;
  resolved: number;
  changed: number;
  evaluated: number;
  took_ms: number;
}

interface ItemResult {
  index: number;
  ok: boolean;
  id?: string;
  unchanged?: boolean;
  duplicate?: boolean;
  errors?: { path: string; message: string }[];
}

export type Query = Record<string, string | number | undefined>;

export function queryString(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

/** Registers the suite's hooks and returns the API driver. Call once at the top of a test file. */
export function useAlertApi() {
  let db: TestDatabase | undefined;
  let t: TestApp | undefined;
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await buildTestApp(db);
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await need().db.pool.query('TRUNCATE orders CASCADE');
    need().t.clock.set(START);
  });

  function need(): { db: TestDatabase; t: TestApp } {
    if (!db || !t) throw new Error('useAlertApi: the suite is not set up');
    return { db, t };
  }

  const inject = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    need().t.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as never }),
      headers: { ...need().t.auth, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    });

  async function postBatch(url: string, key: 'orders' | 'events', items: unknown[]): Promise<ItemResult[]> {
    const res = await inject('POST', url, { [key]: items });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as ItemResult[];
    const failed = results.filter((r) => !r.ok);
    expect(failed, `rejected ${key}: ${JSON.stringify(failed)}`).toEqual([]);
    return results;
  }

  const api = {
    get db(): TestDatabase {
      return need().db;
    },
    get t(): TestApp {
      return need().t;
    },
    clock: {
      set: (d: string) => need().t.clock.set(d),
      advance: (ms: number) => need().t.clock.advance(ms),
      now: () => need().t.clock.now(),
    },
    inject,
    /** A fresh external id for this file (tests never share orders). */
    id: (prefix: string) => `${prefix}-${String(++seq).padStart(4, '0')}`,
    /** A fresh Chinese mobile number for this file. */
    phone: () => `139${String(++seq).padStart(8, '0')}`,
    /** POSTs order snapshots; every one must be accepted. */
    orders: (...bodies: Record<string, unknown>[]) => postBatch('/api/v1/orders', 'orders', bodies),
    /** POSTs events; every one must be accepted (duplicates are accepted, flagged `duplicate`). */
    events: (...bodies: Record<string, unknown>[]) => postBatch('/api/v1/events', 'events', bodies),
    async sweep(): Promise<SweepJson> {
      const res = await inject('POST', '/api/v1/sweep');
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as SweepJson;
    },
    async list(q: Query = {}): Promise<{ alerts: AlertJson[]; next: string | null }> {
      const res = await inject('GET', `/api/v1/alerts${queryString(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { alerts: AlertJson[]; next: string | null };
    },
    /** Every alert (any state) of one rule on one order, newest first. */
    async alertsOf(externalId: string, rule: string, channel = 'taobao'): Promise<AlertJson[]> {
      return (await api.list({ channel, externalId, rule, limit: 1000 })).alerts;
    },
    /** The single alert of one rule on one order; fails when there is none or more than one. */
    async only(externalId: string, rule: string, channel = 'taobao'): Promise<AlertJson> {
      const all = await api.alertsOf(externalId, rule, channel);
      expect(all, `alerts of ${rule} on ${channel}/${externalId}`).toHaveLength(1);
      return all[0]!;
    },
    /** The unresolved alert of one rule on one order, or undefined; never more than one. */
    async unresolved(externalId: string, rule: string, channel = 'taobao'): Promise<AlertJson | undefined> {
      const live = (await api.alertsOf(externalId, rule, channel)).filter((a) => a.state !== 'resolved');
      expect(live.length, `unresolved ${rule} alerts on ${channel}/${externalId}`).toBeLessThanOrEqual(1);
      return live[0];
    },
    async order(externalId: string, channel = 'taobao') {
      const res = await inject('GET', `/api/v1/orders/${channel}/${encodeURIComponent(externalId)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { order: Record<string, unknown>; events: unknown[]; alerts: AlertJson[] };
    },
    async history(alertId: string): Promise<{ change: string; detail: Record<string, unknown> }[]> {
      const { rows } = await need().db.pool.query<{ change: string; detail: Record<string, unknown> }>(
        'SELECT change, detail FROM alert_history WHERE alert_id = $1 ORDER BY at, id',
        [alertId],
      );
      return rows;
    },
  };
  return api;
}

export type AlertApi = ReturnType<typeof useAlertApi>;

/** An order body with the given overrides (orderBody's defaults otherwise). */
export const order = (overrides: Record<string, unknown>) => orderBody(overrides);

/** An event for an order of `channel` (taobao by default). */
export const event = (
  externalId: string,
  type: string,
  at: string,
  data: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => eventBody(type, at, data, { externalId, ...extra });

/**
 * Checks that a rule's alerts on one order are the first (now resolved) plus one new open alert with
 * another id, and returns the new one. Both may carry the same openedAt (the clock did not move), so
 * the list order between them is the id's and is not relied on.
 */
export function expectReopened(all: AlertJson[], first: AlertJson): AlertJson {
  expect(all, 'the first alert and exactly one new one').toHaveLength(2);
  expect(all.find((a) => a.id === first.id)?.state).toBe('resolved');
  const fresh = all.find((a) => a.id !== first.id);
  expect(fresh?.state).toBe('open');
  return fresh!;
}
