// Taobao / Tmall (淘宝开放平台 TOP) trade → contract Order. One mapper serves both channels: Tmall
// trades come through the same TOP trade APIs.
//
// Field names and meanings are those of the TOP `Trade` / `Order` structures returned by
// taobao.trade.fullinfo.get and taobao.trades.sold.get, as generated from the TOP API metadata in
//   github.com/bububa/opentaobao  model/trade/Trade.go, model/trade/Order.go
// (tid, tid_str "同tid", status and its enum, payment "实付金额 单位元", created / pay_time / modified
// "yyyy-MM-dd HH:mm:ss", receiver_name / receiver_mobile / receiver_phone / receiver_state /
// receiver_city / receiver_district / receiver_town / receiver_address, buyer_message, seller_memo,
// seller_nick, orders → order[] with oid, num_iid, sku_id, outer_sku_id, outer_iid, title, num, price,
// store_code). The JSON envelopes were checked against public responses: non-simplified TOP JSON wraps
// lists (`"trades":{"trade":[…]}`, `"orders":{"order":[…]}`), `format=json&simplify=true` returns
// bare arrays; the fullinfo response is `{"trade_fullinfo_get_response":{"trade":{…}}}`.
//
// Not confirmed: the format of `est_con_time` (商家的预计发货时间). It becomes promisedShipAt only when
// it parses as a date-time, and is otherwise ignored.

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
  type Token,
} from './common.js';
import type { ChannelMapper, ChannelOrderJson, MappedItem } from './types.js';

/**
 * TOP trade status → contract status. Enum from the TOP Trade.status description:
 * TRADE_NO_CREATE_PAY 没有创建支付宝交易, WAIT_BUYER_PAY 等待买家付款, SELLER_CONSIGNED_PART 卖家部分发货,
 * WAIT_SELLER_SEND_GOODS 等待卖家发货(买家已付款), WAIT_BUYER_CONFIRM_GOODS 卖家已发货,
 * TRADE_BUYER_SIGNED 买家已签收(货到付款专用), TRADE_FINISHED 交易成功,
 * TRADE_CLOSED 付款以后用户退款成功交易自动关闭, TRADE_CLOSED_BY_TAOBAO 付款以前卖家或买家主动关闭交易,
 * PAY_PENDING 国际信用卡支付付款确认中, WAIT_PRE_AUTH_CONFIRM 0元购合约中,
 * PAID_FORBID_CONSIGN 拼团中或发货强管控的订单，已付款但禁止发货.
 */
export const TAOBAO_STATUS: Readonly<Record<string, string>> = {
  TRADE_NO_CREATE_PAY: 'created',
  WAIT_BUYER_PAY: 'created',
  PAY_PENDING: 'created',
  WAIT_PRE_AUTH_CONFIRM: 'created',
  WAIT_SELLER_SEND_GOODS: 'paid',
  PAID_FORBID_CONSIGN: 'paid',
  // Part of the goods has left: the rest is still to ship, so the order is not "shipped" yet.
  SELLER_CONSIGNED_PART: 'packed',
  WAIT_BUYER_CONFIRM_GOODS: 'shipped',
  TRADE_BUYER_SIGNED: 'delivered',
  TRADE_FINISHED: 'delivered',
  TRADE_CLOSED: 'closed',
  TRADE_CLOSED_BY_TAOBAO: 'cancelled',
};

/** A TOP list: a bare array (simplify=true) or `{ [inner]: [...] }` (default JSON). */
function topList(obj: Json, key: string, inner: string): { list: unknown[]; tokens: Token[] } | undefined {
  const direct = arrayAt(obj, key);
  if (direct) return { list: direct, tokens: [key] };
  const wrapped = recordAt(obj, key);
  const list = wrapped ? arrayAt(wrapped, inner) : undefined;
  return list ? { list, tokens: [key, inner] } : undefined;
}

const isTrade = (v: Json): boolean => 'tid' in v || 'tid_str' in v;

/** Finds the trades in the accepted envelopes; undefined when the body is not a TOP trade payload. */
export function locateTrades(body: unknown): Located | undefined {
  if (!isRecord(body)) return undefined;
  if (isTrade(body)) return one(body, '');
  for (const response of ['trade_fullinfo_get_response', 'trade_get_response']) {
    const r = recordAt(body, response);
    if (r) return isRecord(r.trade) ? one(r.trade, ptr(response, 'trade')) : many([], ptr(response));
  }
  for (const response of ['trades_sold_get_response', 'trades_sold_increment_get_response']) {
    const r = recordAt(body, response);
    if (!r) continue;
    const trades = topList(r, 'trades', 'trade');
    return trades ? many(trades.list, ptr(response, ...trades.tokens)) : many([], ptr(response));
  }
  const trades = topList(body, 'trades', 'trade');
  if (trades) return many(trades.list, ptr(...trades.tokens));
  if (isRecord(body.trade)) return one(body.trade, ptr('trade'));
  return undefined;
}

function mapTrade(channel: string, t: Json, r: OrderReader): MappedItem {
  // tid_str is the exact id; a numeric tid over 2^53 has already lost digits in JSON.parse.
  const idKey = text(t.tid_str) !== undefined ? 'tid_str' : 'tid';
  const externalId = r.required(idString(t[idKey]), [idKey]);

  const rawStatus = code(t.status);
  let status: string | undefined;
  if (rawStatus === undefined) r.fail(['status'], 'is required');
  else if ((status = TAOBAO_STATUS[String(rawStatus)]) === undefined) {
    r.fail(['status'], `unknown Taobao trade status "${rawStatus}"`);
  }

  const amount = r.required(yuan(t.payment), ['payment']);
  const createdAt = r.required(cnTime(t.created), ['created']);
  const paidAt = r.optional(cnTime(t.pay_time), ['pay_time']);
  const updatedAt = r.optional(cnTime(t.modified), ['modified']);
  const estCon = cnTime(t.est_con_time);
  const promisedShipAt = estCon.ok ? estCon.value : undefined;

  const orders = topList(t, 'orders', 'order');
  const items: ChannelOrderJson['items'] = orders ? [] : undefined;
  let warehouse: string | undefined;
  orders?.list.forEach((o, i) => {
    const at = [...orders.tokens, i];
    if (!isRecord(o)) return r.fail(at, 'must be an object (one sub-order)');
    const sku = text(o.outer_sku_id) ?? text(o.outer_iid) ?? text(o.sku_id) ?? text(o.num_iid);
    if (sku === undefined) r.fail([...at, 'outer_sku_id'], 'is required (or sku_id / num_iid)');
    const name = text(o.title);
    if (name === undefined) r.fail([...at, 'title'], 'is required');
    const qty = r.required(quantity(o.num), [...at, 'num']);
    const price = r.required(yuan(o.price), [...at, 'price']);
    warehouse ??= text(o.store_code);
    if (sku && name && qty && price) items?.push({ sku, name, qty, price });
  });

  const mobile = plainPhone(t.receiver_mobile) ?? plainPhone(t.receiver_phone);
  return r.result(() => ({
    channel,
    externalId: externalId as string,
    shopId: text(t.seller_nick),
    status: status as string,
    amount: amount as string,
    currency: 'CNY',
    buyer: { name: plainText(t.receiver_name), phone: mobile },
    address: buildAddress({
      province: plainText(t.receiver_state),
      city: plainText(t.receiver_city),
      district: plainText(t.receiver_district),
      detail: plainText(t.receiver_address),
    }),
    items,
    warehouse,
    createdAt: createdAt as string,
    paidAt,
    promisedShipAt,
    remark: joinRemarks(text(t.buyer_message), text(t.seller_memo)),
    updatedAt,
  }));
}

/**
 * Accepts a single trade (`{tid|tid_str, …}`), `{trade: {…}}`, `{trades: [...]}` or
 * `{trades: {trade: [...]}}`, and the TOP responses `{trade_fullinfo_get_response: {trade}}`,
 * `{trade_get_response: {trade}}`, `{trades_sold_get_response: {trades: {trade: [...]}}}`.
 */
export function createTaobaoMapper(channel: 'taobao' | 'tmall'): ChannelMapper {
  return {
    channel,
    map: (body) =>
      mapLocated(
        channel === 'tmall' ? 'Tmall (TOP trade)' : 'Taobao (TOP trade)',
        locateTrades(body),
        (t, r) => mapTrade(channel, t, r),
      ),
  };
}

export const taobaoMapper = createTaobaoMapper('taobao');
export const tmallMapper = createTaobaoMapper('tmall');
