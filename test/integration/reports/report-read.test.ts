import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDailyReport } from '../../../src/store/report-read.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { seedReportDay } from './seed.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedReportDay(db.pool);
});
afterAll(async () => db?.drop());

const ALL_BACKLOG = [2, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
const OPS_BACKLOG = [2, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];

describe('computeDailyReport', () => {
  it('counts every figure of the Shanghai day, 00:00 in and 24:00 out, when given no team', async () => {
    const r = await computeDailyReport(db.pool, { date: '2026-11-22' });
    expect(r).toEqual({
      date: '2026-11-22',
      team: null,
      window: { from: '2026-11-21T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z' },
      orders: {
        total: 4,
        byChannel: [
          { channel: 'taobao', count: 2 },
          { channel: 'douyin', count: 1 },
          { channel: 'jd', count: 1 },
        ],
      },
      // 120, 240 (first logistics event), 420, 600 minutes: p50 330, p90 420 + 0.7 × 180 = 546.
      cycle: { orders: 4, p50Minutes: 330, p90Minutes: 546, light: 'red' },
      alerts: { total: 6, byKind: { stuck: 3, suspect: 1, logistics: 1, refund: 1 } },
      // Claimed after 10, 30, 50 and 120 minutes.
      response: { claimed: 4, unclaimed: 2, medianMinutes: 40 },
      refunds: { approved: 1, rejected: 1 },
      topCauses: [
        { rule: 'stuck_unpicked', kind: 'stuck', count: 2 },
        { rule: 'logistics_no_pickup', kind: 'logistics', count: 1 },
        { rule: 'refund_approval', kind: 'refund', count: 1 },
        { rule: 'stuck_unshipped', kind: 'stuck', count: 1 },
        { rule: 'suspect_vague_address', kind: 'suspect', count: 1 },
      ],
      backlog: ALL_BACKLOG,
    });
  });

  it("counts only the team's alerts and refunds, and the whole shop's orders, when given a team", async () => {
    const r = await computeDailyReport(db.pool, { date: '2026-11-22', team: 'ops' });
    expect(r.team).toBe('ops');
    expect(r.orders.total).toBe(4);
    expect(r.cycle.p90Minutes).toBe(546);
    expect(r.alerts).toEqual({ total: 4, byKind: { stuck: 1, suspect: 1, logistics: 1, refund: 1 } });
    expect(r.response).toEqual({ claimed: 3, unclaimed: 1, medianMinutes: 30 });
    expect(r.refunds).toEqual({ approved: 1, rejected: 0 });
    expect(r.topCauses.map((c) => [c.rule, c.count])).toEqual([
      ['logistics_no_pickup', 1],
      ['refund_approval', 1],
      ['stuck_unpicked', 1],
      ['suspect_vague_address', 1],
    ]);
    expect(r.backlog).toEqual(OPS_BACKLOG);
  });

  it('counts alerts routed nowhere as the default team when given team default', async () => {
    const r = await computeDailyReport(db.pool, { date: '2026-11-22', team: 'default' });
    expect(r.alerts).toEqual({ total: 1, byKind: { stuck: 1, suspect: 0, logistics: 0, refund: 0 } });
    expect(r.response).toEqual({ claimed: 0, unclaimed: 1, medianMinutes: null });
    expect(r.backlog).toEqual(new Array(24).fill(0));
  });

  it('reports zeros and no light when the day had nothing', async () => {
    const r = await computeDailyReport(db.pool, { date: '2026-10-01' });
    expect(r).toMatchObject({
      orders: { total: 0, byChannel: [] },
      cycle: { orders: 0, p50Minutes: null, p90Minutes: null, light: 'none' },
      alerts: { total: 0 },
      response: { claimed: 0, unclaimed: 0, medianMinutes: null },
      refunds: { approved: 0, rejected: 0 },
      topCauses: [],
    });
    expect(r.backlog).toEqual(new Array(24).fill(0));
  });

  it('sees the next day’s first minute when given the next day', async () => {
    const r = await computeDailyReport(db.pool, { date: '2026-11-23' });
    expect(r.orders.byChannel).toEqual([{ channel: 'jd', count: 1 }]);
    expect(r.cycle).toMatchObject({ orders: 1, p50Minutes: 0 });
    expect(r.alerts.total).toBe(1);
    expect(r.refunds).toEqual({ approved: 1, rejected: 0 });
  });
});
