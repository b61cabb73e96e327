// Builds contract-shaped bodies (CONTRACT.md §3) for the demo feed: one order snapshot plus the events that
// will follow it, each event with the time it is due. Channel-shaped order numbers, Beijing-time stamps.
import {
  CANCEL_REASONS,
  CARRIERS,
  JD_CARRIER,
  PRODUCTS,
  scanText,
  type Product,
  type ScanStatus,
} from './goods.js';
import { REGIONS, addressIn, chineseName, mobile, type AddressBody } from './places.js';
import type { Dice } from './random.js';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export const CHANNELS = ['taobao', 'tmall', 'jd', 'pdd', 'douyin', 'shopify'] as const;
export type Channel = (typeof CHANNELS)[number];
export const WAREHOUSES = ['hz-1', 'sh-2', 'gz-3'] as const;

export type Body = Record<string, unknown>;
/** An event body and the instant (epoch ms) it is due; its `at` is that instant. */
export interface Step {
  dueAt: number;
  body: Body;
}
/** One order: the snapshot to post now and the events that follow it. */
export interface Planned {
  order: Body;
  steps: Step[];
  channel: Channel;
  externalId: string;
  city: string;
}

export interface OrderSpec {
  createdAt: number;
  /** null: not paid yet (status created). */
  paidAt: number | null;
  channel?: Channel;
  warehouse?: string;
  phone?: string;
  name?: string;
  address?: AddressBody;
  remark?: string;
  products?: readonly Product[];
  /** Defaults to 48 h after payment. */
  promisedShipAt?: number;
}

export type Stage = 'paid' | 'picked' | 'packed' | 'shipped' | 'cancelled' | 'refund_requested' | ScanStatus;

const SHOPS: Record<Channel, string> = {
  taobao: 'tb-jiayuan-01',
  tmall: 'tmall-flagship',
  jd: 'jd-pop-3301',
  pdd: 'pdd-store-77',
  douyin: 'dy-shop-520',
  shopify: 'shopify-brand-site',
};
/** Channels whose feeds carry their own event ids. */
const EVENT_IDS: ReadonlySet<Channel> = new Set(['jd', 'pdd', 'shopify']);
const SOUTH = /^(广东|福建|湖南|四川|重庆|云南|广西|海南)/;
const EAST = /^(上海|江苏|安徽|山东|北京|天津|辽宁|黑龙江|河南)/;

/** Beijing time with its offset (Shopify sends UTC), whole seconds. */
export function iso(ms: number, channel: Channel = 'taobao'): string {
  if (channel === 'shopify') return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return `${new Date(ms + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

export class OrderMaker {
  private serial = 0;

  constructor(readonly d: Dice) {}

  channel(): Channel {
    return this.d.weighted({ taobao: 28, tmall: 18, jd: 18, pdd: 16, douyin: 14, shopify: 6 });
  }

  address(): AddressBody {
    return addressIn(this.d.pick(REGIONS), this.d);
  }

  /** The warehouse nearest the buyer: south China from gz-3, the north and east from sh-2, else hz-1. */
  warehouseFor(a: AddressBody): string {
    if (this.d.chance(0.15)) return this.d.pick(WAREHOUSES);
    return SOUTH.test(a.province) ? 'gz-3' : EAST.test(a.province) ? 'sh-2' : 'hz-1';
  }

  order(spec: OrderSpec): Planned {
    const d = this.d;
    const channel = spec.channel ?? this.channel();
    const externalId = this.externalId(channel, spec.createdAt);
    const address = spec.address ?? this.address();
    const products =
      spec.products ?? Array.from({ length: d.chance(0.75) ? 1 : d.int(2, 3) }, () => d.pick(PRODUCTS));
    const items = products.map((p) => ({
      sku: p.sku,
      name: p.name,
      qty: d.chance(0.85) ? 1 : d.int(2, 3),
      priceFen: p.priceFen,
    }));
    const amountFen = items.reduce((s, i) => s + i.priceFen * i.qty, 0);
    const promised = spec.promisedShipAt ?? (spec.paidAt === null ? null : spec.paidAt + 48 * HOUR);
    const order: Body = {
      channel,
      externalId,
      shopId: SHOPS[channel],
      status: spec.paidAt === null ? 'created' : 'paid',
      amount: yuan(amountFen),
      currency: 'CNY',
      buyer: { name: spec.name ?? chineseName(d), phone: spec.phone ?? mobile(d) },
      address,
      items: items.map((i) => ({ sku: i.sku, name: i.name, qty: i.qty, price: yuan(i.priceFen) })),
      warehouse: spec.warehouse ?? this.warehouseFor(address),
      createdAt: iso(spec.createdAt, channel),
      remark: spec.remark ?? '',
    };
    if (spec.paidAt !== null) order.paidAt = iso(spec.paidAt, channel);
    if (promised !== null) order.promisedShipAt = iso(promised, channel);
    return { order, steps: [], channel, externalId, city: address.city };
  }

  /** Adds one event at `at`; `data` defaults to what the stage carries. */
  event(p: Planned, stage: Stage, at: number, data?: Body): void {
    const type = isScan(stage) ? 'logistics' : stage;
    const body: Body = {
      channel: p.channel,
      externalId: p.externalId,
      type,
      at: iso(at, p.channel),
      data: data ?? this.dataFor(p, stage),
    };
    if (EVENT_IDS.has(p.channel)) body.eventId = `${p.externalId}-${p.steps.length + 1}`;
    p.steps.push({ dueAt: at, body });
  }

  /** Stages one after another from `start`, each `gap` seconds (min, max) after the last; the last time. */
  path(p: Planned, start: number, stages: readonly Stage[], gap: [number, number] = [20, 60]): number {
    let t = start;
    for (const stage of stages) {
      t += this.d.int(gap[0], gap[1]) * SECOND;
      this.event(p, stage, t);
    }
    return t;
  }

  private dataFor(p: Planned, stage: Stage): Body {
    const d = this.d;
    if (isScan(stage)) return { status: stage, description: scanText(d, stage, p.city) };
    if (stage === 'shipped') {
      const carrier = p.channel === 'jd' ? JD_CARRIER : d.pick(CARRIERS);
      return { trackingNo: carrier.tracking(d), carrier: carrier.name };
    }
    if (stage === 'cancelled') return { reason: d.pick(CANCEL_REASONS) };
    return {};
  }

  /** Channel-shaped order numbers; the serial makes every one unique within a feed. */
  private externalId(channel: Channel, createdAt: number): string {
    const serial = String(++this.serial % 1_000_000).padStart(6, '0');
    const d = this.d;
    switch (channel) {
      case 'taobao':
      case 'tmall':
        return `${d.int(1, 4)}${d.digits(12)}${serial}`;
      case 'jd':
        return `3${d.digits(5)}${serial}`;
      case 'pdd':
        return `${iso(createdAt).slice(2, 10).replace(/-/g, '')}-${d.digits(9)}${serial}`;
      case 'douyin':
        return `69${d.digits(11)}${serial}`;
      case 'shopify':
        return `5${d.digits(6)}${serial}`;
    }
  }
}

function isScan(stage: Stage): stage is ScanStatus {
  return ['collected', 'in_transit', 'out_for_delivery', 'delivered', 'exception'].includes(stage);
}
