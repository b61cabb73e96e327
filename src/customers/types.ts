// The customer-notice vocabulary and the CustomerChannel port bots/sms implements.

export const NOTICE_KINDS = [
  'collected',
  'out_for_delivery',
  'delivered',
  'exception',
  'remote_region',
  'delay',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'failed', 'dead'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export type ChannelName = 'sms' | 'kf';

/** A 微信客服 conversation the customer opened (they wrote to `openKfid`). */
export interface KfTarget {
  openKfid: string;
  externalUserId: string;
}

/** What one send gave back. Reasons are short and carry no secret and no full phone number. */
export type ChannelResult =
  | { ok: true; ref: Record<string, unknown> }
  | {
      ok: false;
      retryable: boolean;
      reason: string;
      /** The number cannot receive SMS (isv.MOBILE_NUMBER_ILLEGAL): reported, never retried. */
      invalidNumber?: boolean;
      /** Wait at least this long before the next try (rate limits). */
      retryAfterMs?: number;
      /** The KF window is closed or used up: the next try goes by SMS. */
      kfClosed?: boolean;
    };

export interface CustomerChannel {
  /** Aliyun-style SendSms: `phone` normalised (11-digit CN mobile, or digits with country code). */
  sms(phone: string, templateCode: string, params: Record<string, string>): Promise<ChannelResult>;
  /** 微信客服 kf/send_msg; absent when no KF account is configured. */
  kf?(target: KfTarget, text: string, msgid: string): Promise<ChannelResult>;
}

/** A notice as the API lists it (no phone, no address). */
export interface NoticeView {
  id: string;
  order: { channel: string; externalId: string };
  kind: NoticeKind;
  status: NoticeStatus;
  reason: string | null;
  channel: ChannelName | null;
  attempts: number;
  sendAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  lastError: string | null;
  text: string | null;
  createdAt: string;
}

export interface NoticeStats {
  pending: number;
  sent: number;
  skipped: number;
  failed: number;
  dead: number;
}
