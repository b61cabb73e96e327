// Douyin shop (抖店 / 抖音电商开放平台) order → contract Order.
//
// Field names, units and enums are those of order.orderDetail (`data.shop_order_detail`) and
// order.searchList (`data.shop_order_list`, each entry the same ShopOrder shape), as generated from the
// 抖店 API metadata in
//   github.com/zsmhub/doudian-sdk  api/order_orderDetail/response/order_orderDetail_response.go
//   (and api/order_searchList/response/order_searchList_response.go for OrderSearchListData)
// (order_id string, shop_id, order_status "1 待确认/待支付 105 已支付 2 备货中 101 部分发货 3 已发货 4 已取消
// 5 已完成", main_status adds "103 部分支付 21 发货前退款完结 22 发货后退款完结 39 收货后退款完结",
// pay_amount "支付金额（单位：分）", create_time / pay_time / update_time / exp_ship_time "时间戳，秒",
// post_receiver, post_tel, encrypt_post_tel, post_addr {province{name,id}, city, town "区县", street, detail,
// encrypt_detail}, buyer_words "买家留言", seller_words "商家备注", sku_order_list [{product_name,
// item_num, origin_amount "商品现价（单位：分）", out_sku_id, code "商家后台商品编码", sku_id,
// inventory_list[{warehouse_id, out_warehouse_id}]}]).
// Money is integer fen (分) and is converted to yuan; times are unix seconds, rendered in +08:00.
// Receiver data is ciphertext for apps without plaintext rights (the encrypt_* fields); ciphertext and
// masked phones are left out rather than stored (see common.ts looksEncrypted/plainPhone — a heuristic,
// the exact cipher format is not confirmed here).

import {
  arrayAt,
  buildAddress,
  cnTime,
  code,
  fenToYuan,
  idString,
  isRecord,
  joinRemarks,
  many,
  mapLocated,
  one,
  plainPhone,
  plainText,
  ptr,
  quantity,
  recordAt,
  text,
  type Json,
  type Located,
  type OrderReader,
} from './common.js';
import type { ChannelMapper, ChannelOrderJson, MappedItem } from './types.js';

/** order_status → contract status. */
export const DOUYIN_ORDER_STATUS: Readonly<Record<number, string>> = {
  1: 'created',
  103: 'created',
  105: 'paid',
  2: 'paid',
  // 部分发货: part of the goods has left, the rest has not — not yet "shipped".
  101: 'packed',
  3: 'shipped',
  4: 'cancelled',
  5: 'delivered',
};

/** main_status values that override order_status: refunds completed (退款完结). */
export const DOUYIN_REFUNDED_MAIN_STATUS: readonly number[] = [21, 22, 39];

const isShopOrder = (v: Json): boolean => 'order_id' in v && ('sku_order_list' in v || 'order_status' in v);

/** Finds the orders in the accepted envelopes; undefined when the body is not a 抖店 order payload. */
export function locateDouyinOrders(body: unknown): Located | undefined {
  if (!isRecord(body)) return undefined;
  if (isShopOrder(body)) return one(body, '');
  const data = recordAt(body, 'data');
  for (const [host, prefix] of [
    [data, ['data']],
    [body, []],
  ] as const) {
    if (!host) continue;
    if (isRecord(host.shop_order_detail))
      return one(host.shop_order_detail, ptr(...prefix, 'shop_order_detail'));
    const list = arrayAt(host, 'shop_order_list');
    if (list) return many(list, ptr(...prefix, 'shop_order_list'));
  }
  return undefined;
}

function mapDouyinOrder(o: Json, r: OrderReader): MappedItem {
  const externalId = r.required(idString(o.order_id), ['order_id']);

  let status: string | undefined;
  const orderStatus = code(o.order_status);
  const mainStatus = code(o.main_status);
  if (typeof mainStatus === 'number' && DOUYIN_REFUNDED_MAIN_STATUS.includes(mainStatus)) status = 'closed';
  else if (orderStatus === undefined) r.fail(['order_status'], 'is required');
  else if ((status = DOUYIN_ORDER_STATUS[orderStatus as number]) === undefined) {
    r.fail(['order_status'], `unknown Douyin order_status "${orderStatus}"`);
  }

  const amount = r.required(fenToYuan(o.pay_amount), ['pay_amount']);
  const createdAt = r.required(cnTime(o.create_time), ['create_time']);
  const paidAt = r.optional(cnTime(o.pay_time), ['pay_time']);
  const promisedShipAt = r.optional(cnTime(o.exp_ship_time), ['exp_ship_time']);
  const updatedAt = r.optional(cnTime(o.update_time), ['update_time']);

  const list = arrayAt(o, 'sku_order_list');
  const items: ChannelOrderJson['items'] = list ? [] : undefined;
  let warehouse: string | undefined;
  list?.forEach((it, i) => {
    const at = ['sku_order_list', i];
    if (!isRecord(it)) return r.fail(at, 'must be an object (one sku order)');
    const sku = text(it.out_sku_id) ?? text(it.code) ?? text(it.sku_id) ?? text(it.product_id);
    if (sku === undefined) r.fail([...at, 'out_sku_id'], 'is required (or code / sku_id)');
    const name = text(it.product_name);
    if (name === undefined) r.fail([...at, 'product_name'], 'is required');
    const qty = r.required(quantity(it.item_num), [...at, 'item_num']);
    const price = r.required(fenToYuan(it.origin_amount), [...at, 'origin_amount']);
    const inventory = arrayAt(it, 'inventory_list')?.find(isRecord);
    warehouse ??= text(inventory?.out_warehouse_id) ?? text(inventory?.warehouse_id);
    if (sku && name && qty && price) items?.push({ sku, name, qty, price });
  });

  const addr = recordAt(o, 'post_addr') ?? {};
  const part = (key: string): string | undefined => plainText(recordAt(addr, key)?.name);
  const street = part('street');
  const detail = plainText(addr.detail);
  return r.result(() => ({
    channel: 'douyin',
    externalId: externalId as string,
    shopId: text(o.shop_id),
    status: status as string,
    amount: amount as string,
    currency: 'CNY',
    buyer: { name: plainText(o.post_receiver), phone: plainPhone(o.post_tel) },
    address: buildAddress({
      province: part('province'),
      city: part('city'),
      district: part('town'),
      // The street (街道) is a separate level in post_addr; keep it in front of the detail.
      detail:
        detail !== undefined && street !== undefined && !detail.startsWith(street)
          ? `${street}${detail}`
          : detail,
    }),
    items,
    warehouse,
    createdAt: createdAt as string,
    paidAt,
    promisedShipAt,
    remark: joinRemarks(text(o.buyer_words), text(o.seller_words)),
    updatedAt,
  }));
}

/**
 * Accepts one shop order (`{order_id, order_status|sku_order_list, …}`), `{shop_order_detail: {…}}`,
 * `{shop_order_list: [...]}`, and the same under the API response's `data` (`{code, msg, data: {…}}`).
 */
export const douyinMapper: ChannelMapper = {
  channel: 'douyin',
  map: (body) => mapLocated('Douyin (抖店) order', locateDouyinOrders(body), mapDouyinOrder),
};
