// What a detector sees (OrderFacts: the order plus the few cross-order aggregates some rules need) and
// what it reports (Finding). Detectors are pure: same facts, time and settings in, same findings out.
import type { OrderStatus } from '../domain/order.js';

export type Severity = 'info' | 'warning' | 'critical';
export type AlertKind = 'stuck' | 'suspect' | 'logistics' | 'refund';

export interface RefundFact {
  refundId: string;
  amountFen: number;
  reason: string;
  requestedAt: Date;
  /** Set when a refund_cancelled event for this refund arrived. */
  cancelledAt: Date | null;
  /** Set once a person approved or rejected it from the chat (a decided refund waits for nobody). */
  decision?: 'approved' | 'rejected' | null;
}

export interface OrderFacts {
  id: string;
  channel: string;
  externalId: string;
  status: OrderStatus;
  amountFen: number;
  warehouse: string | null;
  holdState: string;
  /** Pre-sale orders ship on a later date by design; stuck rules leave them alone. */
  presale: boolean;
  createdAt: Date;
  paidAt: Date | null;
  pickedAt: Date | null;
  packedAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
  closedAt: Date | null;
  promisedShipAt: Date | null;
  trackingNo: string | null;
  carrier: string | null;
  collectedAt: Date | null;
  lastScanAt: Date | null;
  lastScanStatus: string | null;
  lastExceptionAt: Date | null;
  buyerPhone: string | null;
  phoneHash: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  addressDetail: string | null;
  addressHash: string | null;
  remark: string;
  refunds: RefundFact[];
  /** Orders (this one included) with the same buyer phone created in the velocity window ending at this
   *  order's creation: the condition is a fact about the order, it does not expire as time passes. */
  phoneOrdersInWindow: number;
  /** Orders (this one included) to the same recipient phone on this order's calendar day in Asia/Shanghai. */
  recipientOrdersSameDay: number;
  /** Distinct channels, this one included, with an order of the same phone + address in the window ending
   *  at this order's creation. */
  channelsWithSamePhoneAndAddress: number;
  /** Suspect rules a person marked this customer legit for (or settled by merging this order): quiet. */
  legitRules?: readonly string[];
}

export interface Finding {
  rule: string;
  kind: AlertKind;
  severity: Severity;
  /** One line of plain text for lists and logs (cards are rendered from templates, not from this). */
  summary: string;
  /** Rule-specific facts behind the finding (minutes late, matched words, refund id …). */
  details: Record<string, unknown>;
}

/** Settings as configured under `rules.<id>` (durations already in ms), merged over the rule's defaults. */
export type RuleSettings = { enabled: boolean } & Record<string, unknown>;

export interface Rule<S extends RuleSettings = RuleSettings> {
  id: string;
  kind: AlertKind;
  defaults: S;
  /** Whether the rule can start firing by the passing of time alone (the sweep must look again). */
  timeBased: boolean;
  evaluate(order: OrderFacts, now: Date, settings: S): Finding | null;
}
