// The daily health report as data (GET /api/v1/reports/daily, the card, the chart), the fulfilment-cycle
// traffic light and the Asia/Shanghai calendar-day arithmetic every part of the report shares.
import type { AlertKind } from '../rules/types.js';

/** green ≤ 6 h, yellow > 6 h, red > 8 h — judged on the cycle's p90; `none` when no order was scanned. */
export type TrafficLight = 'green' | 'yellow' | 'red' | 'none';

export const YELLOW_AFTER_MINUTES = 6 * 60;
export const RED_AFTER_MINUTES = 8 * 60;

/** The light for a p90 in minutes (strictly above a threshold changes colour: exactly 6 h is green). */
export function trafficLight(p90Minutes: number | null): TrafficLight {
  if (p90Minutes === null) return 'none';
  if (p90Minutes > RED_AFTER_MINUTES) return 'red';
  if (p90Minutes > YELLOW_AFTER_MINUTES) return 'yellow';
  return 'green';
}

export interface DailyReport {
  /** The Asia/Shanghai calendar day, YYYY-MM-DD. */
  date: string;
  /** Alert figures are this team's (null: every team); order, cycle figures are the whole shop's. */
  team: string | null;
  /** [from, to) in UTC ISO: 00:00 to 24:00 Beijing time. */
  window: { from: string; to: string };
  /** Orders created that day, per channel (most first). */
  orders: { total: number; byChannel: { channel: string; count: number }[] };
  /**
   * Paid → first carrier scan (orders.collected_at, else the order's first logistics event), over the orders
   * whose first scan fell on that day; minutes to one decimal; the light is judged on p90.
   */
  cycle: { orders: number; p50Minutes: number | null; p90Minutes: number | null; light: TrafficLight };
  /** Alerts opened that day, per kind. */
  alerts: { total: number; byKind: Record<AlertKind, number> };
  /** Opened → claimed, over that day's alerts that were claimed (at any time since). */
  response: { claimed: number; unclaimed: number; medianMinutes: number | null };
  /** Refund requests decided that day (per team: those whose approval alert was routed to the team). */
  refunds: { approved: number; rejected: number };
  /** Rules by number of alerts opened that day, top 5. */
  topCauses: { rule: string; kind: string; count: number }[];
  /** Unresolved alerts at 00:00, 01:00 … 23:00 of that day (index = hour). */
  backlog: number[];
}

const HOUR_MS = 3_600_000;
/** Asia/Shanghai has had no daylight saving time since 1991: a fixed +08:00 is exact. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isReportDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The day's bounds as instants: 00:00 Beijing time and 24 hours later. */
export function shanghaiDayBounds(date: string): { from: Date; to: Date } {
  if (!isReportDate(date)) throw new Error(`not a date: ${date}`);
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  return { from, to: new Date(from.getTime() + 24 * HOUR_MS) };
}

/** The Asia/Shanghai calendar day `now` falls on, YYYY-MM-DD. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing hour of `now` (0..23). */
export function shanghaiHour(now: Date): number {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();
}

/** Yesterday in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiYesterday(now: Date): string {
  return shanghaiDate(new Date(now.getTime() - 24 * HOUR_MS));
}
