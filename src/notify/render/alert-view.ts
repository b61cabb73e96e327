// The `order` and `alert` objects a card template sees: every value a display string, every customer
// field masked (mask.ts). The raw order never reaches a template.
import { fill, wordFor, type Labels } from './labels.js';
import { formatDurationZh, formatMoney, formatShanghai } from './format.js';
import { maskFreeText, maskName, maskPhoneOrNull, regionOf } from './mask.js';
import { resolveReasonZh } from './resolve-reason.js';
import type { AlertCardInput } from './types.js';

/** How much of the buyer's remark a card shows, in characters. */
export const REMARK_MAX_CHARS = 40;

export interface OrderView {
  externalId: string;
  channel: string;
  status: string;
  amount: string;
  warehouse: string;
  /** 张* */
  buyer: string;
  /** 138****8000 */
  phone: string;
  /** 张* · 138****8000 */
  buyerLine: string;
  /** 浙江省杭州市西湖区: never the street detail. */
  region: string;
  remark: string;
  carrier: string;
  trackingNo: string;
  /** 顺丰速运 SF1234567890 */
  waybill: string;
}

export interface AlertView {
  ruleName: string;
  kind: string;
  severity: string;
  level: number;
  claimedBy: string;
  openedAt: string;
  /** Since it opened, to now (or to its resolution). */
  openFor: string;
  resolvedAt: string;
  reason: string;
}

export function orderView(o: AlertCardInput['order'], labels: Labels): OrderView {
  const none = labels.words.none;
  const buyer = maskName(o.buyerName) ?? none;
  const phone = maskPhoneOrNull(o.buyerPhone) ?? none;
  const remark = maskFreeText(o.remark, REMARK_MAX_CHARS);
  const waybill = [o.carrier, o.trackingNo].filter((s) => s !== null && s.trim() !== '').join(' ');
  return {
    externalId: o.externalId,
    channel: wordFor(labels.channel, o.channel),
    status: wordFor(labels.orderStatus, o.status),
    amount: formatMoney(o.amountFen, labels),
    warehouse: o.warehouse ?? labels.words.unassigned,
    buyer,
    phone,
    buyerLine: fill(labels.words.buyer, { name: buyer, phone }),
    region: regionOf([o.province, o.city, o.district]) ?? none,
    remark: remark === '' ? labels.words.noRemark : remark,
    carrier: o.carrier ?? none,
    trackingNo: o.trackingNo ?? none,
    waybill: waybill === '' ? none : waybill,
  };
}

export function ruleName(ruleId: string, labels: Labels): string {
  return labels.rules[ruleId]?.name ?? ruleId;
}

export function alertView(a: AlertCardInput['alert'], labels: Labels, now: Date): AlertView {
  const none = labels.words.none;
  const end = a.resolvedAt ?? now;
  return {
    ruleName: ruleName(a.rule, labels),
    kind: labels.kind[a.kind],
    severity: labels.severity[a.severity],
    level: a.level,
    claimedBy: a.claimedBy ?? none,
    openedAt: formatShanghai(a.openedAt),
    openFor: formatDurationZh(end.getTime() - a.openedAt.getTime(), labels.units),
    resolvedAt: a.resolvedAt === null ? none : formatShanghai(a.resolvedAt),
    reason: resolveReasonZh(a.resolveReason, labels) ?? labels.words.noReason,
  };
}
