// Pinduoduo (拼多多开放平台) order → contract Order.
//
// Field names and enums are those of pdd.order.information.get (response `order_info_get_response.
// order_info`) as generated from the PDD API metadata in
//   github.com/lywzx/pdd-node-sdk  packages/pdd-origin-api/src/dingDan/PddOrderInformationGet.ts
// (order_sn, order_status "发货状态 1:待发货 2:已发货待签收 3:已签收", refund_status "1:无售后或售后关闭
// 2:售后处理中 3:退款中 4:退款成功", confirm_status "成交状态 0:未成交 1:已成交 2:已取消", pay_amount
// "支付金额（元）", created_time, confirm_time "成交时间", pay_time, last_ship_time "订单承诺发货时间",
// updated_at, receiver_name, receiver_phone (明文 only while 待发货, masked "1387677****" afterwards),
// province, city, town "收件地区县", address, receiver_address "不拼接省市区", buyer_memo "买家留言",
// remark "商家订单备注", item_list [{goods_name, goods_count, goods_price, outer_id, outer_goods_id,
// sku_id, goods_id}], order_depot_info.depot_code). List envelopes: `order_list_get_response.order_list`
// (pdd.order.list.get) and `order_sn_increment_get_response.order_sn_list`
// (pdd.order.number.list.increment.get), whose items carry the same order fields.
// Times are "yyyy-MM-dd HH:mm:ss" (Asia/Shanghai). The SDK types pay_amount / goods_price as string;
// live responses often carry JSON numbers (59.9) — both are accepted.
// Not confirmed: whether refund_status 4 can mean a partial refund of a multi-item order; it is mapped
// to closed (refunded after payment), like Taobao's TRADE_CLOSED.

import {
  arrayAt,
  buildAddress,
  cnTime,
  code,
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
  yuan,
  type Json,
  type Located,
  type OrderReader,
} from './common.js';
import type { ChannelMapper, ChannelOrderJson, MappedItem } from './types.js';

/** order_status (发货状态) → contract status, when no refund or cancellation overrides it. */
export const PDD_ORDER_STATUS: Readonly<Record<number, string>> = { 1: 'paid', 2: 'shipped', 3: 'delivered' };

/** Finds the orders in the accepted envelopes; undefined when the body is not a PDD order payload. */
export function locatePddOrders(body: unknown): Located | undefined {
  if (!isRecord(body)) return undefined;
  if ('order_sn' in body) return one(body, '');
  const info = recordAt(body, 'order_info_get_response');
  if (info)
    return isRecord(info.order_info)
      ? one(info.order_info, ptr('order_info_get_response', 'order_info'))
      : many([], ptr('order_info_get_response'));
  if (isRecord(body.order_info)) return one(body.order_info, ptr('order_info'));
  for (const [response, key] of [
    ['order_list_get_response', 'order_list'],
    ['order_sn_increment_get_response', 'order_sn_list'],
  ] as const) {
    const r = recordAt(body, response);
    if (r) return many(arrayAt(r, key) ?? [], ptr(response, key));
    const bare = arrayAt(body, key);
    if (bare) return many(bare, ptr(key));
  }
  return undefined;
}

function mapPddOrder(o: Json, r: OrderReader): MappedItem {
  const externalId = r.required(idString(o.order_sn), ['order_sn']);

  let status: string | undefined;
  const orderStatus = code(o.order_status);
  if (code(o.refund_status) === 4) status = 'closed';
  else if (code(o.confirm_status) === 2) status = 'cancelled';
  else if (orderStatus === undefined) r.fail(['order_status'], 'is required');
  else if ((status = PDD_ORDER_STATUS[orderStatus as number]) === undefined) {
    r.fail(['order_status'], `unknown PDD order_status "${orderStatus}" (expected 1, 2 or 3)`);
  }

  const amount = r.required(yuan(o.pay_amount), ['pay_amount']);
  const createdAt = r.required(cnTime(o.created_time), ['created_time']);
  const payKey =
    o.pay_time === undefined || o.pay_time === null || o.pay_time === '' ? 'confirm_time' : 'pay_time';
  const paidAt = r.optional(cnTime(o[payKey]), [payKey]);
  const promisedShipAt = r.optional(cnTime(o.last_ship_time), ['last_ship_time']);
  const updatedAt = r.optional(cnTime(o.updated_at), ['updated_at']);

  const list = arrayAt(o, 'item_list');
  const items: ChannelOrderJson['items'] = list ? [] : undefined;
  list?.forEach((it, i) => {
    const at = ['item_list', i];
    if (!isRecord(it)) return r.fail(at, 'must be an object (one item)');
    const sku = text(it.outer_id) ?? text(it.outer_goods_id) ?? text(it.sku_id) ?? text(it.goods_id);
    if (sku === undefined) r.fail([...at, 'outer_id'], 'is required (or sku_id)');
    const name = text(it.goods_name);
    if (name === undefined) r.fail([...at, 'goods_name'], 'is required');
    const qty = r.required(quantity(it.goods_count), [...at, 'goods_count']);
    const price = r.required(yuan(it.goods_price), [...at, 'goods_price']);
    if (sku && name && qty && price) items?.push({ sku, name, qty, price });
  });

  return r.result(() => ({
    channel: 'pdd',
    externalId: externalId as string,
    status: status as string,
    amount: amount as string,
    currency: 'CNY',
    buyer: { name: plainText(o.receiver_name), phone: plainPhone(o.receiver_phone) },
    address: buildAddress({
      province: plainText(o.province),
      city: plainText(o.city),
      district: plainText(o.town),
      detail: plainText(o.receiver_address) ?? plainText(o.address),
    }),
    items,
    warehouse: text(recordAt(o, 'order_depot_info')?.depot_code),
    createdAt: createdAt as string,
    paidAt,
    promisedShipAt,
    remark: joinRemarks(text(o.buyer_memo), text(o.remark)),
    updatedAt,
  }));
}

/**
 * Accepts one order (`{order_sn, …}`), `{order_info: {…}}`, `{order_list: [...]}`,
 * `{order_sn_list: [...]}`, and the PDD responses `order_info_get_response`, `order_list_get_response`,
 * `order_sn_increment_get_response`.
 */
export const pddMapper: ChannelMapper = {
  channel: 'pdd',
  map: (body) => mapLocated('Pinduoduo order', locatePddOrders(body), mapPddOrder),
};
