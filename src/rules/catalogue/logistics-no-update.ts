// The parcel is on its way but the carrier has gone quiet: no scan for 48 h and not delivered.
import type { Rule, RuleSettings } from '../types.js';
import { HOUR, finding, formatDuration, isFinished, minutesBetween, msBetween } from './util.js';

export type LogisticsNoUpdateSettings = RuleSettings & {
  /** Fires when the last carrier scan is at least this old. */
  after: number;
};

export const logisticsNoUpdate: Rule<LogisticsNoUpdateSettings> = {
  id: 'logistics_no_update',
  kind: 'logistics',
  defaults: { enabled: true, after: 48 * HOUR },
  timeBased: true,
  evaluate(order, now, s) {
    if (!s.enabled || isFinished(order.status) || order.status !== 'shipped') return null;
    // No scan yet is logistics_no_pickup's case; an exception scan is logistics_exception's.
    if (order.lastScanAt === null) return null;
    if (order.lastScanStatus === 'exception' || order.lastScanStatus === 'delivered') return null;
    const quiet = msBetween(order.lastScanAt, now);
    if (quiet < s.after) return null;
    return finding(
      logisticsNoUpdate,
      'warning',
      `no carrier scan for ${formatDuration(quiet)}, not delivered`,
      {
        lastScanAt: order.lastScanAt.toISOString(),
        lastScanStatus: order.lastScanStatus,
        minutesSinceScan: minutesBetween(order.lastScanAt, now),
        carrier: order.carrier,
        trackingNo: order.trackingNo,
      },
    );
  },
};
