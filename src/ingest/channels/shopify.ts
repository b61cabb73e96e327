// Shopify order (orders/create, orders/updated, orders/paid … webhook body; REST Admin Order resource)
// → contract Order. Verify the webhook first with verifyShopifyHmac (./shopify-hmac.ts).
//
// Field names are those of the REST Admin API Order resource, which is what order webhooks deliver:
// id, name ("#1001"), admin_graphql_api_id ("gid://shopify/Order/<id>"), financial_status (pending,
// authorized, partially_paid, paid, partially_refunded, refunded, voided), fulfillment_status (null,
// partial, fulfilled), cancelled_at, created_at, processed_at, updated_at, total_price (string, shop
// currency), currency, phone, note, customer {first_name, last_name, phone}, shipping_address {name,
// first_name, last_name, phone, address1, address2, city, province, province_code, zip, country_code},
// line_items [{sku, title, name, variant_id, quantity, price}]. Checked against Shopify webhook samples
// (e.g. the orders/create example in prismatic.io/docs/example-payloads/shopify and the public "Shopify
// Webhook Data Sample" gist) and the REST order examples on shopify.dev. Times are ISO-8601 with the
// shop's offset and are passed through.
//
// Shopify addresses have no district level: district is "" (buildAddress).
// Not confirmed: a payment time. The order payload has none; for a paid order processed_at (when the
// checkout completed) is used as paidAt.

import {
  arrayAt,
  buildAddress,
  idString,
  isoTime,
  isRecord,
  many,
  mapLocated,
  one,
  plainPhone,
  plainText,
  ptr,
  quantity,
  recordAt,
  text,
  yuan,
  type Json,
  type Located,
  type OrderReader,
} from './common.js';
import type { ChannelMapper, ChannelOrderJson, MappedItem } from './types.js';

/** Financial states in which the buyer has paid (at least once). */
const PAID_FINANCIAL_STATUSES: readonly string[] = [
  'authorized',
  'partially_paid',
  'paid',
  'partially_refunded',
  'refunded',
];

/**
 * financial_status → contract status. cancelled_at wins over everything, then refunded / voided; else a
 * fulfilled order is shipped, a partially fulfilled one packed, and the rest follow this table.
 */
export const SHOPIFY_FINANCIAL_STATUS: Readonly<Record<string, string>> = {
  pending: 'created',
  // Authorized payments are captured later; the order is committed and ships like a paid one.
  authorized: 'paid',
  partially_paid: 'paid',
  paid: 'paid',
  partially_refunded: 'paid',
  refunded: 'closed',
  voided: 'cancelled',
};

const isShopifyOrder = (v: Json): boolean =>
  'id' in v && ('admin_graphql_api_id' in v || 'line_items' in v || 'financial_status' in v);

/** Finds the orders: the webhook body itself, `{order: {…}}` or `{orders: [...]}` (REST responses). */
export function locateShopifyOrders(body: unknown): Located | undefined {
  if (!isRecord(body)) return undefined;
  if (isShopifyOrder(body)) return one(body, '');
  if (isRecord(body.order) && isShopifyOrder(body.order)) return one(body.order, ptr('order'));
  const list = arrayAt(body, 'orders');
  if (list) return many(list, ptr('orders'));
  return undefined;
}

/**
 * The order id as an exact string. Webhook ids are JSON numbers; the ones beyond 2^53 (Shopify's own
 * test payload uses 820982911946154508) lose digits in JSON.parse, so the gid is preferred then.
 */
function shopifyId(o: Json, r: OrderReader): string | undefined {
  const gid = text(o.admin_graphql_api_id);
  const fromGid = gid ? /^gid:\/\/shopify\/Order\/(\d+)$/.exec(gid)?.[1] : undefined;
  if (typeof o.id === 'number' && !Number.isSafeInteger(o.id) && fromGid) return fromGid;
  return r.required(
    idString(o.id ?? fromGid),
    o.id === undefined && fromGid ? ['admin_graphql_api_id'] : ['id'],
  );
}

function mapShopifyOrder(o: Json, r: OrderReader): MappedItem {
  const externalId = shopifyId(o, r);

  const cancelled = isoTime(o.cancelled_at);
  const financial = text(o.financial_status);
  const fulfillment = text(o.fulfillment_status);
  let status: string | undefined;
  if (cancelled.ok && cancelled.value !== undefined) status = 'cancelled';
  else if (financial === 'refunded' || financial === 'voided') status = SHOPIFY_FINANCIAL_STATUS[financial];
  else if (fulfillment === 'fulfilled') status = 'shipped';
  else if (fulfillment === 'partial') status = 'packed';
  else if (financial === undefined) r.fail(['financial_status'], 'is required');
  else if ((status = SHOPIFY_FINANCIAL_STATUS[financial]) === undefined) {
    r.fail(['financial_status'], `unknown Shopify financial_status "${financial}"`);
  }

  const amount = r.required(yuan(o.total_price), ['total_price']);
  const createdAt = r.required(isoTime(o.created_at), ['created_at']);
  const processedAt = r.optional(isoTime(o.processed_at), ['processed_at']);
  const updatedAt = r.optional(isoTime(o.updated_at), ['updated_at']);
  const paid = financial !== undefined && PAID_FINANCIAL_STATUSES.includes(financial);

  const list = arrayAt(o, 'line_items');
  const items: ChannelOrderJson['items'] = list ? [] : undefined;
  list?.forEach((it, i) => {
    const at = ['line_items', i];
    if (!isRecord(it)) return r.fail(at, 'must be an object (one line item)');
    const sku = text(it.sku) ?? text(it.variant_id) ?? text(it.product_id) ?? text(it.id);
    if (sku === undefined) r.fail([...at, 'sku'], 'is required (or variant_id)');
    const name = text(it.name) ?? text(it.title);
    if (name === undefined) r.fail([...at, 'title'], 'is required');
    const qty = r.required(quantity(it.quantity), [...at, 'quantity']);
    const price = r.required(yuan(it.price), [...at, 'price']);
    if (sku && name && qty && price) items?.push({ sku, name, qty, price });
  });

  const ship = recordAt(o, 'shipping_address') ?? {};
  const customer = recordAt(o, 'customer') ?? {};
  const fullName = (p: Json): string | undefined =>
    plainText(p.name) ?? plainText([text(p.first_name), text(p.last_name)].filter(Boolean).join(' '));
  const line1 = plainText(ship.address1);
  const line2 = plainText(ship.address2);
  return r.result(() => ({
    channel: 'shopify',
    externalId: externalId as string,
    status: status as string,
    amount: amount as string,
    currency: text(o.currency),
    buyer: {
      name: fullName(ship) ?? fullName(customer),
      phone: plainPhone(ship.phone) ?? plainPhone(o.phone) ?? plainPhone(customer.phone),
    },
    address: buildAddress({
      province: plainText(ship.province),
      city: plainText(ship.city),
      detail: line1 && line2 ? `${line1} ${line2}` : (line1 ?? line2),
    }),
    items,
    createdAt: createdAt as string,
    paidAt: paid ? processedAt : undefined,
    remark: text(o.note),
    updatedAt,
  }));
}

/** Accepts the order webhook body itself, `{order: {…}}` or `{orders: [...]}`. */
export const shopifyMapper: ChannelMapper = {
  channel: 'shopify',
  map: (body) => mapLocated('Shopify order', locateShopifyOrders(body), mapShopifyOrder),
};
