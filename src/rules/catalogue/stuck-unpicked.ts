// Paid but nobody has picked it: the first promise ops teams measure (paid → picked within 2 h).
import type { Rule, RuleSettings } from '../types.js';
import { HOUR, MINUTE, finding, formatDuration, isFinished, minutesBetween, msBetween } from './util.js';

export type StuckUnpickedSettings = RuleSettings & {
  /** Fires once this long has passed since payment without a pick. */
  after: number;
  /** From this age on the finding is critical. */
  critical_after: number;
};

export const stuckUnpicked: Rule<StuckUnpickedSettings> = {
  id: 'stuck_unpicked',
  kind: 'stuck',
  defaults: { enabled: true, after: 2 * HOUR, critical_after: 4 * HOUR },
  timeBased: true,
  evaluate(order, now, s) {
    if (!s.enabled || isFinished(order.status) || order.status !== 'paid') return null;
    if (order.paidAt === null || order.pickedAt !== null) return null;
    if (order.holdState !== 'none' || order.presale) return null;
    const waited = msBetween(order.paidAt, now);
    if (waited < s.after) return null;
    return finding(
      stuckUnpicked,
      waited >= s.critical_after ? 'critical' : 'warning',
      `paid ${formatDuration(waited)} ago, not picked`,
      {
        paidAt: order.paidAt.toISOString(),
        minutesSincePaid: minutesBetween(order.paidAt, now),
        minutesLate: Math.trunc((waited - s.after) / MINUTE),
        warehouse: order.warehouse,
      },
    );
  },
};
