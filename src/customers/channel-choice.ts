// Which way a notice goes: 微信客服 while the customer's session allows it (≤ 5 messages within 48 h of their
// last message, wecom.md §6), SMS otherwise.
import type { ChannelName, KfTarget } from './types.js';

export const KF_WINDOW_MS = 48 * 3600_000;
export const KF_MAX_MESSAGES = 5;

export interface KfSessionState extends KfTarget {
  lastCustomerMessageAt: Date;
  /** Messages we sent since the customer last wrote (this batch's included). */
  sentSince: number;
}

export function kfOpen(s: KfSessionState | undefined, now: Date): boolean {
  if (!s) return false;
  const age = now.getTime() - s.lastCustomerMessageAt.getTime();
  return age >= 0 && age < KF_WINDOW_MS && s.sentSince < KF_MAX_MESSAGES;
}

export function chooseChannel(
  s: KfSessionState | undefined,
  now: Date,
  kfAvailable: boolean,
): { channel: ChannelName; kf?: KfTarget } {
  if (!kfAvailable || !s || !kfOpen(s, now)) return { channel: 'sms' };
  return { channel: 'kf', kf: { openKfid: s.openKfid, externalUserId: s.externalUserId } };
}
