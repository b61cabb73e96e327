// Quiet hours: nothing reaches a customer between 22:00 and 08:00 Beijing time (UTC+8, no DST); a notice due
// then waits for the next 08:00.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export interface QuietHours {
  /** Local hour (0–23) quiet time starts, inclusive. */
  startHour: number;
  /** Local hour quiet time ends, exclusive: messages go out from this hour on. */
  endHour: number;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { startHour: 22, endHour: 8 };

function localMs(at: Date): number {
  return at.getTime() + SHANGHAI_OFFSET_MS;
}

export function isQuiet(at: Date, q: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const hourOfDay = (((localMs(at) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  return q.startHour > q.endHour
    ? hourOfDay >= q.startHour || hourOfDay < q.endHour
    : hourOfDay >= q.startHour && hourOfDay < q.endHour;
}

/** `at` itself outside quiet hours, else the next local `endHour`:00 (23:30 → 08:00 next day, 07:59 → 08:00). */
export function releaseAt(at: Date, q: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (!isQuiet(at, q)) return at;
  const local = localMs(at);
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  let release = dayStart + q.endHour * HOUR_MS;
  if (release <= local) release += DAY_MS;
  return new Date(release - SHANGHAI_OFFSET_MS);
}
