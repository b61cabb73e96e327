// Rows → API views, and the default Aliyun template codes (placeholders until real ones are registered).
import type { NoticeRow } from '../store/customer-store.js';
import type { ChannelName, NoticeKind, NoticeStatus, NoticeView } from './types.js';

export const DEFAULT_SMS_TEMPLATE_CODES: Record<NoticeKind, string> = {
  collected: 'SMS_OW_COLLECTED',
  out_for_delivery: 'SMS_OW_OUT_FOR_DELIVERY',
  delivered: 'SMS_OW_DELIVERED',
  exception: 'SMS_OW_EXCEPTION',
  remote_region: 'SMS_OW_REMOTE_REGION',
  delay: 'SMS_OW_DELAY',
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toView(r: NoticeRow): NoticeView {
  return {
    id: r.id,
    order: { channel: r.orderChannel, externalId: r.externalId },
    kind: r.kind as NoticeKind,
    status: r.status as NoticeStatus,
    reason: r.reason,
    channel: r.channel as ChannelName | null,
    attempts: r.attempts,
    sendAt: r.sendAt.toISOString(),
    nextAttemptAt: r.nextAttemptAt.toISOString(),
    sentAt: iso(r.sentAt),
    lastError: r.lastError,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
  };
}
