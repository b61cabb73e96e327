// JD (京东 JOS, POP merchants) order → contract Order.
//
// Field names are those of the JOS SDK domain classes for jingdong.pop.order.search /
// jingdong.pop.order.get, as in the official C# SDK copy at
//   github.com/yjm123456/fx.amiya.api  src/JDSDK/Domain/OrderSearchInfo.cs, UserInfo.cs, ItemInfo.cs,
//   src/JDSDK/Response/PopOrderSearchResponse.cs (`searchorderinfo_result` → OrderListResult)
// (orderId, venderId, orderState, orderPayment "用户应付金额", orderTotalPrice, orderStartTime,
// paymentConfirmTime, modified, orderRemark, venderRemark, storeId, consigneeInfo {fullname, mobile,
// telephone, province, city, county, town, fullAddress}, itemInfoList [{skuId, outerSkuId, skuName,
// jdPrice, itemTotal, wareId}]). Envelopes: `jingdong_pop_order_search_responce.searchorderinfo_result
// .orderInfoList` and `jingdong_pop_order_get_responce.orderDetailInfo.orderInfo` (JOS spells
// "responce"), as used by public JOS clients. Money is yuan strings; times "yyyy-MM-dd HH:mm:ss".
//
// orderState enum (JOS optional_fields docs as quoted by several public clients): WAIT_SELLER_STOCK_OUT
// 等待出库, SEND_TO_DISTRIBUTION_CENER 发往配送中心 and DISTRIBUTION_CENTER_RECEIVED 配送中心已收货 (LBP/SOPL
// only), WAIT_GOODS_RECEIVE_CONFIRM 等待确认收货, RECEIPTS_CONFIRM 收款确认（服务完成）, WAIT_SELLER_DELIVERY
// 等待发货 (海外购), FINISHED_L 完成, TRADE_CANCELED 取消, LOCKED 已锁定, POP_ORDER_PAUSE / PAUSE 暂停,
// WAIT_SEND_CODE 等待发码.
// Not confirmed: whether JOS ever lists unpaid online-payment orders (no "unpaid" state is documented
// above), and the exact meaning of LOCKED beyond "已锁定" — it is kept as paid (not yet shipped).

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

export const JD_STATUS: Readonly<Record<string, string>> = {
  WAIT_SELLER_STOCK_OUT: 'paid',
  WAIT_SELLER_DELIVERY: 'paid',
  LOCKED: 'paid',
  POP_ORDER_PAUSE: 'paid',
  PAUSE: 'paid',
  WAIT_SEND_CODE: 'paid',
  SEND_TO_DISTRIBUTION_CENER: 'shipped',
  DISTRIBUTION_CENTER_RECEIVED: 'shipped',
  WAIT_GOODS_RECEIVE_CONFIRM: 'shipped',
  RECEIPTS_CONFIRM: 'delivered',
  FINISHED_L: 'delivered',
  TRADE_CANCELED: 'cancelled',
};

function located(list: unknown, path: string): Located {
  return many(Array.isArray(list) ? list : [], path);
}

/** Finds the orders in the accepted envelopes; undefined when the body is not a JOS order payload. */
export function locateJdOrders(body: unknown): Located | undefined {
  if (!isRecord(body)) return undefined;
  if ('orderId' in body) return one(body, '');
  if (arrayAt(body, 'orderInfoList')) return located(body.orderInfoList, ptr('orderInfoList'));
  for (const response of ['jingdong_pop_order_search_responce', 'jingdong_pop_order_search_response']) {
    const result = recordAt(recordAt(body, response) ?? {}, 'searchorderinfo_result');
    if (result)
      return located(result.orderInfoList, ptr(response, 'searchorderinfo_result', 'orderInfoList'));
  }
  const result = recordAt(body, 'searchorderinfo_result');
  if (result) return located(result.orderInfoList, ptr('searchorderinfo_result', 'orderInfoList'));
  for (const response of ['jingdong_pop_order_get_responce', 'jingdong_pop_order_get_response']) {
    const detail = recordAt(recordAt(body, response) ?? {}, 'orderDetailInfo');
    if (detail)
      return isRecord(detail.orderInfo)
        ? one(detail.orderInfo, ptr(response, 'orderDetailInfo', 'orderInfo'))
        : many([], ptr(response));
  }
  const detail = recordAt(body, 'orderDetailInfo');
  if (detail && isRecord(detail.orderInfo)) return one(detail.orderInfo, ptr('orderDetailInfo', 'orderInfo'));
  if (isRecord(body.orderInfo)) return one(body.orderInfo, ptr('orderInfo'));
  return undefined;
}

function mapJdOrder(o: Json, r: OrderReader): MappedItem {
  const externalId = r.required(idString(o.orderId), ['orderId']);

  const rawStatus = code(o.orderState);
  let status: string | undefined;
  if (rawStatus === undefined) r.fail(['orderState'], 'is required');
  else if ((status = JD_STATUS[String(rawStatus)]) === undefined) {
    r.fail(['orderState'], `unknown JD orderState "${rawStatus}"`);
  }

  // orderPayment is what the buyer pays (应付款 = 货款 - 用户优惠 - 余额 + 运费 + …); orderTotalPrice
  // (goods total) is only a fallback for payloads fetched without orderPayment in optional_fields.
  const amountKey =
    o.orderPayment === undefined && o.orderTotalPrice !== undefined ? 'orderTotalPrice' : 'orderPayment';
  const amount = r.required(yuan(o[amountKey]), [amountKey]);
  const createdAt = r.required(cnTime(o.orderStartTime), ['orderStartTime']);
  const paidAt = r.optional(cnTime(o.paymentConfirmTime), ['paymentConfirmTime']);
  const updatedAt = r.optional(cnTime(o.modified), ['modified']);

  const list = arrayAt(o, 'itemInfoList');
  const items: ChannelOrderJson['items'] = list ? [] : undefined;
  list?.forEach((it, i) => {
    const at = ['itemInfoList', i];
    if (!isRecord(it)) return r.fail(at, 'must be an object (one item)');
    const sku = text(it.outerSkuId) ?? text(it.skuId) ?? text(it.wareId);
    if (sku === undefined) r.fail([...at, 'outerSkuId'], 'is required (or skuId)');
    const name = text(it.skuName);
    if (name === undefined) r.fail([...at, 'skuName'], 'is required');
    const qty = r.required(quantity(it.itemTotal), [...at, 'itemTotal']);
    const price = r.required(yuan(it.jdPrice), [...at, 'jdPrice']);
    if (sku && name && qty && price) items?.push({ sku, name, qty, price });
  });

  const c = recordAt(o, 'consigneeInfo') ?? {};
  const store = text(o.storeId);
  return r.result(() => ({
    channel: 'jd',
    externalId: externalId as string,
    shopId: text(o.venderId),
    status: status as string,
    amount: amount as string,
    currency: 'CNY',
    buyer: { name: plainText(c.fullname), phone: plainPhone(c.mobile) ?? plainPhone(c.telephone) },
    address: buildAddress({
      province: plainText(c.province),
      city: plainText(c.city),
      district: plainText(c.county),
      detail: plainText(c.fullAddress),
    }),
    items,
    warehouse: store === '0' ? undefined : store,
    createdAt: createdAt as string,
    paidAt,
    remark: joinRemarks(text(o.orderRemark), text(o.venderRemark)),
    updatedAt,
  }));
}

/**
 * Accepts one order (`{orderId, …}`), `{orderInfoList: [...]}`, `{orderInfo: {…}}`, and the JOS
 * responses of jingdong.pop.order.search and jingdong.pop.order.get (with or without the outer
 * `jingdong_pop_order_*_responce` key).
 */
export const jdMapper: ChannelMapper = {
  channel: 'jd',
  map: (body) => mapLocated('JD (JOS order)', locateJdOrders(body), mapJdOrder),
};
