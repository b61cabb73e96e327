// A waybill was issued (the order is shipped) but the carrier never scanned the parcel as collected.
import type { Rule, RuleSettings } from '../types.js';
import { HOUR, finding, formatDuration, isFinished, minutesBetween, msBetween } from './util.js';

export type LogisticsNoPickupSettings = RuleSettings & {
  /** Fires when no `collected` scan arrived this long after shipping. */
  after: number;
};

export const logisticsNoPickup: Rule<LogisticsNoPickupSettings> = {
  id: 'logistics_no_pickup',
  kind: 'logistics',
  defaults: { enabled: true, after: 24 * HOUR },
  timeBased: true,
  evaluate(order, now, s) {
    if (!s.enabled || isFinished(order.status) || order.status !== 'shipped') return null;
    if (order.shippedAt === null || order.collectedAt !== null) return null;
    const waited = msBetween(order.shippedAt, now);
    if (waited < s.after) return null;
    return finding(
      logisticsNoPickup,
      'warning',
      `shipped ${formatDuration(waited)} ago, no carrier pickup scan`,
      {
        shippedAt: order.shippedAt.toISOString(),
        minutesSinceShipped: minutesBetween(order.shippedAt, now),
        carrier: order.carrier,
        trackingNo: order.trackingNo,
      },
    );
  },
};
