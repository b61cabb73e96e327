// Picked or packed but not handed to a carrier within 4 h.
import type { Rule, RuleSettings } from '../types.js';
import { HOUR, MINUTE, finding, formatDuration, isFinished, minutesBetween, msBetween } from './util.js';

export type StuckUnshippedSettings = RuleSettings & {
  /** Fires once this long has passed since the pick (or the pack, when no pick time is known). */
  after: number;
  /** From this age on the finding is critical. */
  critical_after: number;
};

export const stuckUnshipped: Rule<StuckUnshippedSettings> = {
  id: 'stuck_unshipped',
  kind: 'stuck',
  defaults: { enabled: true, after: 4 * HOUR, critical_after: 8 * HOUR },
  timeBased: true,
  evaluate(order, now, s) {
    if (!s.enabled || isFinished(order.status)) return null;
    if (order.status !== 'picking' && order.status !== 'packed') return null;
    // Held orders wait on purpose; pre-sale stock is often picked and packed ahead of its ship date.
    if (order.holdState !== 'none' || order.presale) return null;
    const since = order.pickedAt ?? order.packedAt;
    if (since === null) return null;
    const stage = order.pickedAt !== null ? 'picked' : 'packed';
    const waited = msBetween(since, now);
    if (waited < s.after) return null;
    return finding(
      stuckUnshipped,
      waited >= s.critical_after ? 'critical' : 'warning',
      `${stage} ${formatDuration(waited)} ago, not shipped`,
      {
        stage,
        since: since.toISOString(),
        minutesSince: minutesBetween(since, now),
        minutesLate: Math.trunc((waited - s.after) / MINUTE),
        warehouse: order.warehouse,
      },
    );
  },
};
