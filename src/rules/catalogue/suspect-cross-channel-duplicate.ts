// The same phone + address ordering on several channels within a day: likely a duplicate (merge review).
import type { Rule, RuleSettings } from '../types.js';
import { HOUR, finding, formatDuration, isFinished, isOpen, markedLegit } from './util.js';

export type SuspectCrossChannelDuplicateSettings = RuleSettings & {
  /** The store counts channels with an order of the same phone + address within this window. */
  window: number;
  /** Fires at this many distinct channels, this order's included. */
  min_channels: number;
};

export const suspectCrossChannelDuplicate: Rule<SuspectCrossChannelDuplicateSettings> = {
  id: 'suspect_cross_channel_duplicate',
  kind: 'suspect',
  defaults: { enabled: true, window: 24 * HOUR, min_channels: 2 },
  timeBased: false,
  evaluate(order, _now, s) {
    if (
      !s.enabled ||
      markedLegit(order, suspectCrossChannelDuplicate.id) ||
      isFinished(order.status) ||
      !isOpen(order.status)
    )
      return null;
    const channels = order.channelsWithSamePhoneAndAddress;
    if (channels < s.min_channels) return null;
    return finding(
      suspectCrossChannelDuplicate,
      'warning',
      `same phone and address on ${channels} channels within ${formatDuration(s.window)}`,
      { channels, windowMs: s.window, action: 'merge_review' },
    );
  },
};
