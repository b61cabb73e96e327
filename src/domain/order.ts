// The order as orderwatch keeps it: validated, normalised, money in integer fen, times in UTC.

export const ORDER_STATUSES = [
  'created',
  'paid',
  'picking',
  'packed',
  'shipped',
  'delivered',
  'cancelled',
  'closed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Channels named in CONTRACT.md §3; any other lower-case `[a-z0-9_-]{1,32}` is accepted too. */
export const KNOWN_CHANNELS = [
  'taobao',
  'tmall',
  'jd',
  'pdd',
  'douyin',
  'kuaishou',
  'shopify',
  'miniapp',
  'offline',
] as const;
export const CHANNEL_PATTERN = /^[a-z0-9_-]{1,32}$/;

export interface Address {
  province: string;
  city: string;
  district: string;
  detail: string;
}

export interface OrderItem {
  sku: string;
  name: string;
  qty: number;
  priceFen: number;
}

/** A validated order from any channel, ready to upsert. */
export interface OrderInput {
  channel: string;
  externalId: string;
  shopId: string | null;
  status: OrderStatus;
  amountFen: number;
  currency: string;
  buyerName: string | null;
  /** Normalised: CN mobiles as 11 digits, others as `+<digits>`; null when absent. */
  buyerPhone: string | null;
  phoneHash: string | null;
  address: Address | null;
  addressHash: string | null;
  items: OrderItem[];
  warehouse: string | null;
  createdAt: Date;
  paidAt: Date | null;
  promisedShipAt: Date | null;
  remark: string;
  /** Ships on a later date by design (pre-sale); stuck rules leave it alone. */
  presale: boolean;
  /** When this snapshot's status became true; drives "state follows event time". */
  statusAt: Date;
  /** The body as received, kept verbatim for audit. */
  raw: unknown;
}
