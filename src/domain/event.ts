// Order events: the append-only timeline. Event time, not arrival time, drives order state.
import type { Address } from './order.js';

export const EVENT_TYPES = [
  'paid',
  'picked',
  'packed',
  'shipped',
  'logistics',
  'refund_requested',
  'refund_cancelled',
  'cancelled',
  'address_changed',
  'remark',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const LOGISTICS_STATUSES = [
  'collected',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'exception',
] as const;
export type LogisticsStatus = (typeof LOGISTICS_STATUSES)[number];

export type EventData =
  | { type: 'paid' | 'picked' | 'packed' }
  | { type: 'shipped'; trackingNo: string; carrier: string }
  | { type: 'logistics'; status: LogisticsStatus; description: string }
  | { type: 'refund_requested'; refundId: string; amountFen: number; reason: string }
  | { type: 'refund_cancelled'; refundId: string }
  | { type: 'cancelled'; reason: string }
  | { type: 'address_changed'; address: Address; addressHash: string }
  | { type: 'remark'; text: string };

/** A validated event, ready to append. */
export interface EventInput {
  /** Unique per event: `id:<channel>:<eventId>` when the sender gave one, else a content hash. */
  idempotencyKey: string;
  eventId: string | null;
  channel: string;
  externalId: string;
  type: EventType;
  at: Date;
  data: EventData;
  /** The `data` object as received, stored verbatim. */
  rawData: unknown;
}
