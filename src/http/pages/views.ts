// Page data → what the templates see: strings only, every word already in Chinese (data in, text out).
import { formatMoney } from '../../notify/render/format.js';
import { fill, wordFor, type Labels } from '../../notify/render/labels.js';
import type { DigestPageData, OrderPageData, PageOrder } from '../../store/page-read.js';
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

function orderFacts(labels: Labels, o: PageOrder) {
  const none = labels.words.none;
  const t = (d: Date | null) => fullTime(d) ?? none;
  return {
    channel: wordFor(labels.channel, o.channel),
    externalId: o.externalId,
    shopId: o.shopId ?? none,
    status: wordFor(labels.orderStatus, o.status),
    held: o.holdState !== null && o.holdState !== 'none' ? labels.reason.onHold : null,
    amount: formatMoney(o.amountFen, labels),
    buyerName: o.buyerName ?? none,
    buyerPhone: o.buyerPhone ?? none,
    address: fullAddress(o.address) ?? none,
    warehouse: warehouseWord(labels, o.warehouse),
    remark: o.remark.trim() === '' ? labels.words.noRemark : o.remark,
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

export function orderPageView(labels: Labels, page: PageLabels, data: OrderPageData) {
  const order = orderFacts(labels, data.order);
  return {
    title: `${order.channel} ${order.externalId}`,
    order,
    items: itemViews(labels, data.order.items),
    events: data.events.map((e) => ({
      at: fullTime(e.at),
      type: wordFor(page.event, e.type),
      facts: eventFacts(labels, page, e.data),
    })),
    alerts: data.alerts.map((a) => alertView(labels, a)),
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
