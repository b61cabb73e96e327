// The carrier's latest scan reports an exception (lost, damaged, refused, address problem …).
// It clears by itself when a later non-exception scan or the delivery changes lastScanStatus.
import type { Rule, RuleSettings } from '../types.js';
import { finding, isFinished } from './util.js';

export type LogisticsExceptionSettings = RuleSettings;

export const logisticsException: Rule<LogisticsExceptionSettings> = {
  id: 'logistics_exception',
  kind: 'logistics',
  defaults: { enabled: true },
  timeBased: false,
  evaluate(order, _now, s) {
    if (!s.enabled || isFinished(order.status) || order.status !== 'shipped') return null;
    if (order.lastScanStatus !== 'exception') return null;
    const at = order.lastExceptionAt ?? order.lastScanAt;
    return finding(logisticsException, 'critical', 'carrier reported a delivery exception', {
      exceptionAt: at === null ? null : at.toISOString(),
      carrier: order.carrier,
      trackingNo: order.trackingNo,
    });
  },
};
