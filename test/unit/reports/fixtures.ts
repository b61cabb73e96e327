// A report as computeDailyReport returns it, for card, chart and reporter tests.
import type { DailyReport } from '../../../src/reports/model.js';

export function sampleReport(overrides: Partial<DailyReport> = {}): DailyReport {
  return {
    date: '2026-11-22',
    team: null,
    window: { from: '2026-11-21T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z' },
    orders: {
      total: 128,
      byChannel: [
        { channel: 'taobao', count: 80 },
        { channel: 'jd', count: 30 },
        { channel: 'douyin', count: 18 },
      ],
    },
    cycle: { orders: 96, p50Minutes: 185, p90Minutes: 400, light: 'yellow' },
    alerts: { total: 10, byKind: { stuck: 4, suspect: 3, logistics: 2, refund: 1 } },
    response: { claimed: 8, unclaimed: 2, medianMinutes: 12.5 },
    refunds: { approved: 5, rejected: 1 },
    topCauses: [
      { rule: 'stuck_unpicked', kind: 'stuck', count: 4 },
      { rule: 'suspect_vague_address', kind: 'suspect', count: 3 },
    ],
    backlog: [0, 0, 1, 2, 3, 3, 2, 1, 0, 4, 6, 9, 12, 10, 8, 7, 5, 4, 3, 3, 2, 1, 1, 0],
    ...overrides,
  };
}
