// The pure step function (DESIGN.md §3.3: time is a parameter). Level n (1-based) is due at
// openedAt + levels[n-1].afterMs, and never sooner after the previous level than the policy's gap
// between them (so a night's backlog escalates in the morning one level at a time, not all at once).
// A snooze postpones: the level waits until the snooze ends. Any other mute (silence, inhibition)
// holds escalation until it lifts. Outside business hours only critical alerts escalate.
import type { BusinessHours } from '../config/index.js';
import { businessDue } from './business-hours.js';
import type { EscalationAlert, FrozenEscalation, Step } from './types.js';

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/** True when a mute other than a snooze holds the alert (a stale snooze reason does not count). */
function heldBy(alert: EscalationAlert): string | null {
  const reason = alert.mutedReason;
  if (reason === null) return null;
  return reason.startsWith('snoozed') && alert.snoozedUntil !== null ? null : reason;
}

/** The time level `next` (1-based) becomes due, before business hours and snoozes. */
export function levelDue(alert: EscalationAlert, frozen: FrozenEscalation, next: number): Date {
  const level = frozen.levels[next - 1]!;
  let due = new Date(alert.openedAt.getTime() + level.afterMs);
  const prev = frozen.levels[next - 2];
  const fired = frozen.notified.find((r) => r.level === next - 1);
  if (prev && fired) due = later(due, new Date(Date.parse(fired.at) + level.afterMs - prev.afterMs));
  return due;
}

export function nextStep(
  alert: EscalationAlert,
  frozen: FrozenEscalation,
  now: Date,
  hours: BusinessHours,
): Step {
  if (alert.state !== 'open') return { kind: 'done', reason: alert.state };
  const next = alert.level + 1;
  if (next > frozen.levels.length) return { kind: 'done', reason: 'last level reached' };
  const held = heldBy(alert);
  if (held) return { kind: 'held', reason: held };
  let due = levelDue(alert, frozen, next);
  if (alert.snoozedUntil) due = later(due, alert.snoozedUntil);
  due = businessDue(due, alert.severity, hours);
  return due.getTime() <= now.getTime()
    ? { kind: 'fire', level: next, due }
    : { kind: 'wait', level: next, until: due };
}
