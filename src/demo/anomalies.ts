// Each kind of trouble the bot watches for, as the orders that show it. Stuck and logistics trouble is
// back-dated (paid hours ago, shipped a day ago) so time-based rules fire as soon as it arrives; suspect
// orders wait for a person's review, so they stall where they are.
import { BIG_TICKET, REFUND_REASONS, TEST_REMARKS, URGENT_REMARKS } from './goods.js';
import { DELIVERY_PATH, backdated, freshSpec, minutes, pathUntil } from './flows.js';
import { HOUR, SECOND, type OrderMaker, type Planned } from './orders.js';
import type { Timed } from './flows.js';
import { REMOTE_REGIONS, TEST_DETAILS, VAGUE_DETAILS, addressIn, chineseName, mobile } from './places.js';

export const ANOMALY_KINDS = [
  'stuck_unpicked',
  'stuck_unshipped',
  'stuck_promise_risk',
  'logistics_no_pickup',
  'logistics_no_update',
  'logistics_exception',
  'logistics_remote_region',
  'suspect_phone_velocity',
  'suspect_recipient_daily',
  'suspect_early_refund',
  'suspect_vague_address',
  'suspect_cross_channel_duplicate',
  'suspect_test_order',
  'refund_approval',
  'refund_approval_large',
  'remark_urgent',
] as const;
/** Rule ids, and refund_approval_large: a refund of ¥2000 or more (two approvers). */
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

type Plan = (m: OrderMaker, now: number, warehouse?: string) => Planned[];

/** Paid 2–5 h ago and never picked. */
export const stalledUnpicked: Plan = (m, now, warehouse) => {
  const paidAt = now - minutes(m, 125, 300);
  return [m.order({ createdAt: paidAt - minutes(m, 1, 8), paidAt, ...(warehouse ? { warehouse } : {}) })];
};

/** Paid, then a history of stages at `times` (oldest first), arriving all at once. */
function history(m: OrderMaker, createdAt: number, stages: readonly Timed[]) {
  const paidAt = createdAt + minutes(m, 1, 6);
  const p = m.order({ createdAt, paidAt: null, promisedShipAt: paidAt + 48 * HOUR });
  return backdated(m, p, [['paid', paidAt], ...stages]);
}

/** A refund request for the first line; big-ticket ones (≥ ¥2000) need two approvers. */
function refund(m: OrderMaker, p: Planned, at: number): void {
  const item = (p.order.items as { price: string }[])[0]!;
  m.event(p, 'refund_requested', at, {
    refundId: `RF${p.externalId.replace(/\D/g, '').slice(-10)}${m.d.digits(4)}`,
    amount: item.price,
    reason: m.d.pick(REFUND_REASONS),
  });
}

/** Delivered a day or so ago, and now the buyer asks for money back. */
function refundAfterDelivery(m: OrderMaker, now: number, big: boolean): Planned[] {
  const delivered = now - minutes(m, 6 * 60, 30 * 60);
  const shipped = delivered - minutes(m, 24 * 60, 60 * 60);
  const createdAt = shipped - minutes(m, 60, 300);
  const paidAt = createdAt + minutes(m, 1, 5);
  const p = m.order({
    createdAt,
    paidAt: null,
    promisedShipAt: paidAt + 48 * HOUR,
    ...(big ? { products: [m.d.pick(BIG_TICKET)] } : {}),
  });
  backdated(m, p, [
    ['paid', paidAt],
    ['picked', shipped - 2 * HOUR],
    ['packed', shipped - HOUR],
    ['shipped', shipped],
    ['collected', shipped + 2 * HOUR],
    ['in_transit', shipped + 14 * HOUR],
    ['out_for_delivery', delivered - HOUR],
    ['delivered', delivered],
  ]);
  refund(m, p, now + m.d.int(5, 30) * SECOND);
  return [p];
}

const PLANS: Record<AnomalyKind, Plan> = {
  stuck_unpicked: stalledUnpicked,
  stuck_unshipped: (m, now) => {
    const c = now - minutes(m, 330, 420);
    return [history(m, c, [['picked', now - minutes(m, 250, 320)]])];
  },
  stuck_promise_risk: (m, now) => {
    const paidAt = now - minutes(m, 20, 50);
    const promisedShipAt = now + minutes(m, 20, 100);
    return [m.order({ createdAt: paidAt - minutes(m, 1, 5), paidAt, promisedShipAt })];
  },
  logistics_no_pickup: (m, now) => {
    const shipped = now - minutes(m, 25 * 60, 30 * 60);
    const stages = [
      ['picked', shipped - 3 * HOUR],
      ['packed', shipped - HOUR],
      ['shipped', shipped],
    ] as const;
    return [history(m, shipped - 5 * HOUR, [...stages])];
  },
  logistics_no_update: (m, now) => {
    const last = now - minutes(m, 50 * 60, 60 * 60);
    const shipped = last - 14 * HOUR;
    const stages = [
      ['picked', shipped - 2 * HOUR],
      ['packed', shipped - HOUR],
      ['shipped', shipped],
    ] as const;
    return [
      history(m, shipped - 4 * HOUR, [...stages, ['collected', shipped + 3 * HOUR], ['in_transit', last]]),
    ];
  },
  logistics_exception: (m, now) => {
    const p = m.order(freshSpec(m, now));
    m.path(p, now, [...pathUntil('in_transit'), 'exception'], [15, 40]);
    return [p];
  },
  logistics_remote_region: (m, now) => {
    const p = m.order({ ...freshSpec(m, now), address: addressIn(m.d.pick(REMOTE_REGIONS), m.d) });
    m.path(p, now, DELIVERY_PATH, [60, 150]);
    return [p];
  },
  suspect_phone_velocity: (m, now) => {
    const buyer = { phone: mobile(m.d), name: chineseName(m.d), channel: m.channel() };
    return Array.from({ length: m.d.int(5, 7) }, (_, i) => {
      const createdAt = now - (i + 1) * minutes(m, 2, 4);
      return m.order({ ...buyer, createdAt, paidAt: createdAt + m.d.int(10, 40) * SECOND });
    });
  },
  suspect_recipient_daily: (m, now) => {
    const buyer = { phone: mobile(m.d), address: m.address(), channel: m.channel() };
    return [0, 1, 2].map((i) => {
      const createdAt = now - (i * 5 + 1) * minutes(m, 1, 3);
      return m.order({ ...buyer, name: chineseName(m.d), createdAt, paidAt: createdAt + 30 * SECOND });
    });
  },
  suspect_early_refund: (m, now) => {
    const p = m.order(freshSpec(m, now));
    refund(m, p, now + m.d.int(30, 150) * SECOND);
    return [p];
  },
  suspect_vague_address: (m, now) => {
    const address = { ...m.address(), detail: m.d.pick(VAGUE_DETAILS) };
    return [m.order({ ...freshSpec(m, now), address })];
  },
  suspect_cross_channel_duplicate: (m, now) => {
    const buyer = { phone: mobile(m.d), name: chineseName(m.d), address: m.address() };
    const [a, b] = m.d.shuffle(['taobao', 'tmall', 'jd', 'pdd', 'douyin'] as const);
    const first = now - minutes(m, 5, 30);
    return [
      m.order({ ...buyer, channel: a!, createdAt: first, paidAt: first + 20 * SECOND }),
      m.order({ ...buyer, ...freshSpec(m, now), channel: b! }),
    ];
  },
  suspect_test_order: (m, now) => {
    const spec = freshSpec(m, now);
    if (m.d.chance(0.5)) return [m.order({ ...spec, remark: m.d.pick(TEST_REMARKS) })];
    return [m.order({ ...spec, address: { ...m.address(), detail: m.d.pick(TEST_DETAILS) } })];
  },
  refund_approval: (m, now) => refundAfterDelivery(m, now, false),
  refund_approval_large: (m, now) => refundAfterDelivery(m, now, true),
  remark_urgent: (m, now) => {
    const p = m.order({ ...freshSpec(m, now), remark: m.d.pick(URGENT_REMARKS) });
    m.path(p, now, DELIVERY_PATH, [40, 90]);
    return [p];
  },
};

export function anomaly(kind: AnomalyKind, m: OrderMaker, now: number): Planned[] {
  return PLANS[kind](m, now);
}
