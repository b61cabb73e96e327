// Business hours in Asia/Shanghai (UTC+8 all year, no daylight saving): fixed-offset arithmetic.
import type { BusinessHours } from '../config/index.js';

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds since Shanghai midnight. */
function localMs(at: Date): number {
  return (((at.getTime() + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

export function inBusinessHours(at: Date, hours: BusinessHours): boolean {
  const ms = localMs(at);
  return ms >= hours.startMin * 60_000 && ms < hours.endMin * 60_000;
}

/** `at` itself when inside business hours, else the next opening (today's or tomorrow's start). */
export function nextBusinessStart(at: Date, hours: BusinessHours): Date {
  if (inBusinessHours(at, hours)) return at;
  const ms = localMs(at);
  const start = hours.startMin * 60_000;
  const ahead = ms < start ? start - ms : DAY_MS - ms + start;
  return new Date(at.getTime() + ahead);
}

/** When a level due at `due` may fire: critical alerts any time, the rest within business hours. */
export function businessDue(due: Date, severity: string, hours: BusinessHours): Date {
  return severity === 'critical' ? due : nextBusinessStart(due, hours);
}
