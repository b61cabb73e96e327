// Helpers shared by the rule catalogue: time arithmetic on injected instants, status groups, findings.
import type { OrderStatus } from '../../domain/order.js';
import type { AlertKind, Finding, OrderFacts, Severity } from '../types.js';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Not yet shipped and still live: created, paid, picking (picked) or packed. */
export const OPEN_STATUSES: readonly OrderStatus[] = ['created', 'paid', 'picking', 'packed'];

export function isOpen(status: OrderStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Cancelled and closed orders are over: no rule reports on them. */
export function isFinished(status: OrderStatus): boolean {
  return status === 'cancelled' || status === 'closed';
}

/** Milliseconds from `from` to `to` (negative when `to` is earlier). */
export function msBetween(from: Date, to: Date): number {
  return to.getTime() - from.getTime();
}

/** Whole minutes from `from` to `to`, rounded toward zero (negative when `to` is earlier). */
export function minutesBetween(from: Date, to: Date): number {
  return Math.trunc(msBetween(from, to) / MINUTE);
}

/** 8_100_000 → "2h15m", 7_200_000 → "2h", 93_600_000 → "1d2h", 45_000 → "45s"; the sign is dropped. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.floor(abs / SECOND)}s`;
  const parts: [number, string][] = [
    [Math.floor(abs / DAY), 'd'],
    [Math.floor((abs % DAY) / HOUR), 'h'],
    [Math.floor((abs % HOUR) / MINUTE), 'm'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join('');
}

export function finding(
  rule: { id: string; kind: AlertKind },
  severity: Severity,
  summary: string,
  details: Record<string, unknown>,
): Finding {
  return { rule: rule.id, kind: rule.kind, severity, summary, details };
}

/** Refunds neither cancelled nor decided, in the order they were requested (stable for equal times). */
export function liveRefunds(order: OrderFacts): OrderFacts['refunds'] {
  return order.refunds
    .filter((r) => r.cancelledAt === null && !r.decision)
    .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
}

/** A person marked this customer legit for the suspect rule `ruleId` (or merged the order): stay quiet. */
export function markedLegit(order: OrderFacts, ruleId: string): boolean {
  return order.legitRules?.includes(ruleId) ?? false;
}
