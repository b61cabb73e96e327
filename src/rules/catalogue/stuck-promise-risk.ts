// The channel's promised ship time is close (or gone) and the parcel has not left.
import type { Rule, RuleSettings } from '../types.js';
import { HOUR, finding, formatDuration, isFinished, minutesBetween, msBetween } from './util.js';

export type StuckPromiseRiskSettings = RuleSettings & {
  /** Fires when the promised ship time is less than this far ahead (or already past). */
  within: number;
};

const AT_RISK = new Set(['paid', 'picking', 'packed']);

export const stuckPromiseRisk: Rule<StuckPromiseRiskSettings> = {
  id: 'stuck_promise_risk',
  kind: 'stuck',
  defaults: { enabled: true, within: 2 * HOUR },
  timeBased: true,
  evaluate(order, now, s) {
    if (!s.enabled || isFinished(order.status) || !AT_RISK.has(order.status)) return null;
    // Held and pre-sale orders still fire: a hold does not move the channel's deadline.
    if (order.promisedShipAt === null) return null;
    const left = msBetween(now, order.promisedShipAt);
    if (left >= s.within) return null;
    const past = left <= 0;
    const summary = past
      ? `promised ship time passed ${formatDuration(left)} ago, not shipped`
      : `promised ship time in ${formatDuration(left)}, not shipped`;
    return finding(stuckPromiseRisk, past ? 'critical' : 'warning', summary, {
      promisedShipAt: order.promisedShipAt.toISOString(),
      minutesLeft: minutesBetween(now, order.promisedShipAt),
      past,
      held: order.holdState !== 'none',
      warehouse: order.warehouse,
    });
  },
};
