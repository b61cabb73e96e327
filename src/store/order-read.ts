// Reading one order with its timeline, shaped for the API (CONTRACT.md §3).
import { formatFen } from '../domain/money.js';
import type { Prisma } from './prisma.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const fen = (v: bigint | number) => Number(v);

const withEvents = { events: { orderBy: [{ at: 'asc' as const }, { receivedAt: 'asc' as const }] } };
type OrderRow = NonNullable<Awaited<ReturnType<Prisma['order']['findUnique']>>> & {
  events: NonNullable<Awaited<ReturnType<Prisma['orderEvent']['findUnique']>>>[];
};
export type OrderView = ReturnType<typeof toView>;

export async function readOrder(
  prisma: Prisma,
  channel: string,
  externalId: string,
): Promise<OrderView | null> {
  const o = await prisma.order.findUnique({
    where: { channel_externalId: { channel, externalId } },
    include: withEvents,
  });
  return o ? toView(o) : null;
}

export async function readOrdersById(prisma: Prisma, ids: readonly string[]): Promise<OrderView[]> {
  const rows = await prisma.order.findMany({ where: { id: { in: [...ids] } }, include: withEvents });
  return rows.map(toView);
}

function toView(o: OrderRow) {
  return {
    id: o.id,
    channel: o.channel,
    externalId: o.externalId,
    shopId: o.shopId,
    status: o.status,
    statusAt: iso(o.statusAt),
    amountFen: fen(o.amountFen),
    amount: formatFen(fen(o.amountFen)),
    currency: o.currency,
    buyer: { name: o.buyerName, phone: o.buyerPhone },
    address:
      o.province === null && o.addressDetail === null
        ? null
        : { province: o.province, city: o.city, district: o.district, detail: o.addressDetail },
    items: o.items,
    warehouse: o.warehouse,
    remark: o.remark,
    holdState: o.holdState,
    times: {
      createdAt: iso(o.createdAt),
      paidAt: iso(o.paidAt),
      pickedAt: iso(o.pickedAt),
      packedAt: iso(o.packedAt),
      shippedAt: iso(o.shippedAt),
      deliveredAt: iso(o.deliveredAt),
      cancelledAt: iso(o.cancelledAt),
      closedAt: iso(o.closedAt),
      promisedShipAt: iso(o.promisedShipAt),
    },
    logistics: {
      trackingNo: o.trackingNo,
      carrier: o.carrier,
      collectedAt: iso(o.collectedAt),
      lastScanAt: iso(o.lastScanAt),
      lastScanStatus: o.lastScanStatus,
      lastScanText: o.lastScanText,
    },
    receivedAt: iso(o.receivedAt),
    updatedAt: iso(o.updatedAt),
    events: o.events.map((e) => ({
      id: e.id,
      eventId: e.eventId,
      type: e.type,
      at: iso(e.at),
      data: e.data,
      receivedAt: iso(e.receivedAt),
    })),
  };
}
