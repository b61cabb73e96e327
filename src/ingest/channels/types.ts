// Channel-native payload mapping (CONTRACT.md §3, `POST /api/v1/channels/:channel/orders`).
// A mapper turns one platform's documented order payload into the contract's Order JSON shape; the
// common order validator then checks that JSON exactly as if it had been posted to /api/v1/orders.

import type { Issue } from '../../lib/errors.js';

/** The CONTRACT.md §3 Order, as plain JSON: money as yuan strings, times as ISO-8601 with offset. */
export interface ChannelOrderJson {
  channel: string;
  externalId: string;
  shopId?: string;
  status: string;
  amount: string;
  currency?: string;
  buyer?: { name?: string; phone?: string };
  address?: { province: string; city: string; district: string; detail: string };
  items?: { sku: string; name: string; qty: number; price: string }[];
  warehouse?: string;
  createdAt: string;
  paidAt?: string;
  promisedShipAt?: string;
  remark?: string;
  /** When the platform last changed the order (Taobao `modified`, Douyin `update_time`, ...). */
  updatedAt?: string;
}

/**
 * One native order's outcome. Issue paths are absolute JSON pointers (RFC 6901) into the NATIVE
 * request body, e.g. `/trades_sold_get_response/trades/trade/3/tid`.
 */
export type MappedItem = { ok: true; order: ChannelOrderJson } | { ok: false; issues: Issue[] };

export interface ChannelMapResult {
  /** One entry per native order, in body order; `items[i]` is result index `i`. */
  items: MappedItem[];
  /**
   * The JSON pointer of native order `i` in the body (`""` when the body is the order itself).
   * Issues the common validator finds in `items[i].order` can be reported under it.
   */
  basePath: (i: number) => string;
}

export interface ChannelMapper {
  /** The route channel this mapper serves; it is also the `channel` of every mapped order. */
  channel: string;
  /**
   * Splits the native body into orders and maps each. Throws BadRequestError (src/lib/errors.ts) when
   * the body is not this platform's envelope or holds no order, PayloadTooLargeError when it holds more
   * than MAX_CHANNEL_BATCH orders. One bad order never rejects the others.
   */
  map(body: unknown): ChannelMapResult;
}

/** CONTRACT.md §3: a batch holds 1..5000 orders. */
export const MAX_CHANNEL_BATCH = 5000;
