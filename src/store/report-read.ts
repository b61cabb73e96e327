// computeDailyReport: one Asia/Shanghai day's health figures in one round trip (src/store/report-sql.ts).
import { shanghaiDayBounds, trafficLight, type DailyReport } from '../reports/model.js';
import type { AlertKind } from '../rules/types.js';
import type { Pool } from './pool.js';
import { DAILY_REPORT_SQL } from './report-sql.js';

export interface DailyReportQuery {
  /** An Asia/Shanghai calendar day, YYYY-MM-DD. */
  date: string;
  /** Alert figures for this team only ('default' includes alerts routed nowhere); absent = all teams. */
  team?: string | null;
}

interface Row {
  channels: { channel: string; count: number }[];
  cycle: { orders: number; p50: number | null; p90: number | null };
  kinds: Partial<Record<AlertKind, number>>;
  response: { claimed: number; unclaimed: number; median: number | null };
  refunds: { approved: number; rejected: number };
  causes: { rule: string; kind: string; count: number }[];
  backlog: number[];
}

export async function computeDailyReport(
  pool: Pick<Pool, 'query'>,
  q: DailyReportQuery,
): Promise<DailyReport> {
  const { from, to } = shanghaiDayBounds(q.date);
  const team = q.team ?? null;
  const res = await pool.query<{ report: Row }>(DAILY_REPORT_SQL, [from, to, team]);
  const r = res.rows[0]!.report;
  const kinds = {
    stuck: r.kinds.stuck ?? 0,
    suspect: r.kinds.suspect ?? 0,
    logistics: r.kinds.logistics ?? 0,
    refund: r.kinds.refund ?? 0,
  };
  return {
    date: q.date,
    team,
    window: { from: from.toISOString(), to: to.toISOString() },
    orders: { total: r.channels.reduce((s, c) => s + c.count, 0), byChannel: r.channels },
    cycle: {
      orders: r.cycle.orders,
      p50Minutes: r.cycle.p50,
      p90Minutes: r.cycle.p90,
      light: trafficLight(r.cycle.p90),
    },
    alerts: { total: Object.values(r.kinds).reduce((s, n) => s + (n ?? 0), 0), byKind: kinds },
    response: {
      claimed: r.response.claimed,
      unclaimed: r.response.unclaimed,
      medianMinutes: r.response.median,
    },
    refunds: r.refunds,
    topCauses: r.causes,
    backlog: r.backlog,
  };
}
