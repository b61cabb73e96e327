// One buyer phone placing many orders in a short window: scalping, fraud or a script (risk review).
import type { Rule, RuleSettings } from '../types.js';
import { HOUR, finding, formatDuration, isFinished, isOpen, markedLegit } from './util.js';

export type SuspectPhoneVelocitySettings = RuleSettings & {
  /** The store counts the phone's orders created within this window ending now. */
  window: number;
  /** Fires at this many orders, this one included. */
  min_orders: number;
};

export const suspectPhoneVelocity: Rule<SuspectPhoneVelocitySettings> = {
  id: 'suspect_phone_velocity',
  kind: 'suspect',
  defaults: { enabled: true, window: 24 * HOUR, min_orders: 5 },
  timeBased: false,
  evaluate(order, _now, s) {
    if (
      !s.enabled ||
      markedLegit(order, suspectPhoneVelocity.id) ||
      isFinished(order.status) ||
      !isOpen(order.status)
    )
      return null;
    const count = order.phoneOrdersInWindow;
    if (count < s.min_orders) return null;
    return finding(
      suspectPhoneVelocity,
      'warning',
      `${count} orders from the same buyer phone within ${formatDuration(s.window)}`,
      { ordersInWindow: count, windowMs: s.window },
    );
  },
};
