// Page data → what the templates see: strings only, every word already in Chinese (data in, text out).
import { formatMoney } from '../../notify/render/format.js';
import { fill, wordFor, type Labels } from '../../notify/render/labels.js';
import { maskFreeText, maskName, maskPhoneOrNull, regionOf } from '../../notify/render/mask.js';
import { resolveReasonZh } from '../../notify/render/resolve-reason.js';
import type {
  DigestPageData,
  OrderPageData,
  PageAlertChange,
  PageAuditEntry,
  PageOrder,
} from '../../store/page-read.js';
import { alertView, eventFacts, fullAddress, fullTime } from './format.js';
import type { PageLabels } from './page-templates.js';

export const ORDER_LINK_TTL_MS = 7 * 86_400_000;

function itemViews(labels: Labels, items: unknown) {
  if (!Array.isArray(items)) return [];
  return items.map((raw) => {
    const i = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const price = typeof i.priceFen === 'number' ? formatMoney(i.priceFen, labels) : labels.words.none;
    return {
      name: typeof i.name === 'string' ? i.name : labels.words.none,
      sku: typeof i.sku === 'string' ? i.sku : labels.words.none,
      qty: typeof i.qty === 'number' ? fill(labels.words.count, { count: i.qty }) : labels.words.none,
      price,
    };
  });
}

const warehouseWord = (labels: Labels, w: string | null) =>
  w ? fill(labels.words.warehouse, { warehouse: w }) : labels.words.noWarehouse;

/** Buyer-written remarks keep their length on the page; only long numbers are masked. */
const REMARK_MAX = 1000;

/** The buyer's name, phone, street and remark as a group card shows them, unless the link reveals them. */
function buyerFacts(labels: Labels, o: PageOrder, reveal: boolean) {
  const none = labels.words.none;
  const remark = o.remark.trim() === '' ? labels.words.noRemark : o.remark;
  if (reveal) {
    return {
      buyerName: o.buyerName ?? none,
      buyerPhone: o.buyerPhone ?? none,
      address: fullAddress(o.address) ?? none,
      remark,
    };
  }
  const a = o.address;
  return {
    buyerName: maskName(o.buyerName) ?? none,
    buyerPhone: maskPhoneOrNull(o.buyerPhone) ?? none,
    address: regionOf([a.province, a.city, a.district]) ?? none,
    remark: o.remark.trim() === '' ? remark : maskFreeText(o.remark, REMARK_MAX),
  };
}

function orderFacts(labels: Labels, o: PageOrder, reveal: boolean) {
  const none = labels.words.none;
  const t = (d: Date | null) => fullTime(d) ?? none;
  return {
    channel: wordFor(labels.channel, o.channel),
    externalId: o.externalId,
    shopId: o.shopId ?? none,
    status: wordFor(labels.orderStatus, o.status),
    held: o.holdState !== null && o.holdState !== 'none' ? labels.reason.onHold : null,
    amount: formatMoney(o.amountFen, labels),
    ...buyerFacts(labels, o, reveal),
    warehouse: warehouseWord(labels, o.warehouse),
    carrier: o.carrier ?? none,
    trackingNo: o.trackingNo ?? none,
    lastScan: o.lastScanAt
      ? [
          fullTime(o.lastScanAt),
          o.lastScanStatus && wordFor(labels.scanStatus, o.lastScanStatus),
          o.lastScanText,
        ]
          .filter(Boolean)
          .join(' ')
      : none,
    createdAt: t(o.times.createdAt),
    paidAt: t(o.times.paidAt),
    pickedAt: t(o.times.pickedAt),
    shippedAt: t(o.times.shippedAt),
    deliveredAt: t(o.times.deliveredAt),
    promisedShipAt: t(o.times.promisedShipAt),
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** One alert_history row as a Chinese line: "王五 认领", "升级到第 2 级，通知 张三、赵六". */
function changeText(
  labels: Labels,
  page: PageLabels,
  h: PageAlertChange,
  nameOf: (id: unknown) => string,
): string {
  const t = page.history;
  const d = h.detail;
  switch (h.change) {
    case 'opened':
    case 'severity':
      return fill(t[h.change], { severity: wordFor(labels.severity, str(d.severity) ?? '') });
    case 'claimed':
    case 'approval':
      return fill(t[h.change], { name: nameOf(d.by) });
    case 'snoozed': {
      const until = str(d.until);
      return fill(t.snoozed, {
        name: nameOf(d.by),
        until: (until && fullTime(new Date(until))) ?? labels.words.none,
      });
    }
    case 'escalated': {
      const ids = Array.isArray(d.personIds) ? d.personIds : [];
      return fill(t.escalated, {
        level: typeof d.level === 'number' ? d.level : '?',
        names: ids.map(nameOf).join('、') || labels.words.none,
      });
    }
    case 'resolved':
      return fill(t.resolved, { reason: resolveReasonZh(str(d.reason), labels) ?? labels.words.none });
    default:
      return fill(t.other, { change: h.change });
  }
}

function auditView(page: PageLabels, a: PageAuditEntry) {
  return {
    at: fullTime(a.at),
    who: a.actorName ?? a.personId ?? '?',
    platform: wordFor(page.platform, a.platform),
    action: wordFor(page.action, a.action),
    result: wordFor(page.result, a.result),
    resultKey: a.result,
    message: a.message,
  };
}

/**
 * The order page's view. The buyer's name, phone and street, and numbers in buyer-written text, are masked
 * as in a group card unless the link grants them (`reveal`).
 */
export function orderPageView(labels: Labels, page: PageLabels, data: OrderPageData, reveal = false) {
  const order = orderFacts(labels, data.order, reveal);
  const nameOf = (id: unknown) => (typeof id === 'string' ? (data.names[id] ?? id) : labels.words.none);
  return {
    title: `${order.channel} ${order.externalId}`,
    order,
    masked: reveal ? null : page.masked,
    items: itemViews(labels, data.order.items),
    events: data.events.map((e) => ({
      at: fullTime(e.at),
      type: wordFor(page.event, e.type),
      facts: eventFacts(labels, page, e.data, reveal),
    })),
    alerts: data.alerts.map((a) => ({
      ...alertView(labels, a),
      history: a.history.map((h) => ({ at: fullTime(h.at), text: changeText(labels, page, h, nameOf) })),
    })),
    audit: data.audit.map((a) => auditView(page, a)),
  };
}

export function digestPageView(
  labels: Labels,
  page: PageLabels,
  data: DigestPageData,
  orderHref: (orderId: string) => string,
) {
  return {
    title: fill(page.title.digest, { count: data.alerts.length }),
    createdAt: fullTime(data.digest.createdAt),
    count: data.alerts.length,
    alerts: data.alerts.map((a) => ({
      ...alertView(labels, a),
      channel: wordFor(labels.channel, a.order.channel),
      externalId: a.order.externalId,
      warehouse: warehouseWord(labels, a.order.warehouse),
      href: orderHref(a.order.id),
      link: labels.link.order,
    })),
  };
}
