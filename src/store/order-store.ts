// The order store port the ingest service and the API use; one implementation over Postgres.
import type { EventInput } from '../domain/event.js';
import type { OrderInput } from '../domain/order.js';
import { appendEvents, type AppendedEvent } from './events-repo.js';
import { readOrder, readOrdersById, type OrderView } from './order-read.js';
import { findOrderIds, upsertOrders, type UpsertedOrder } from './orders-repo.js';
import type { Pool } from './pool.js';
import type { Prisma } from './prisma.js';
import { withTransaction } from './tx.js';

export type EventOutcome =
  ({ ok: true; orderId: string } & AppendedEvent) | { ok: false; reason: 'unknown_order' };

export interface OrderStore {
  /** All or nothing: one transaction for the whole batch. Results are in input order. */
  upsertOrders(orders: readonly OrderInput[], now: Date): Promise<UpsertedOrder[]>;
  /** Events for orders we do not know are reported, not stored. */
  appendEvents(events: readonly EventInput[], now: Date): Promise<EventOutcome[]>;
  getOrder(channel: string, externalId: string): Promise<OrderView | null>;
  getOrdersById(ids: readonly string[]): Promise<OrderView[]>;
}

export function createOrderStore(deps: { pool: Pool; prisma: Prisma }): OrderStore {
  const { pool, prisma } = deps;
  return {
    upsertOrders: (orders, now) =>
      orders.length === 0 ? Promise.resolve([]) : withTransaction(pool, (c) => upsertOrders(c, orders, now)),
    appendEvents: (events, now) =>
      withTransaction(pool, async (c) => {
        const found = await findOrderIds(c, events);
        const ids = new Map(found.map((f) => [`${f.channel}\u0000${f.externalId}`, f.id]));
        const orderIds = events.map((e) => ids.get(`${e.channel}\u0000${e.externalId}`));
        const knownIdx = orderIds.flatMap((id, i) => (id ? [i] : []));
        const appended = knownIdx.length
          ? await appendEvents(
              c,
              knownIdx.map((i) => events[i]!),
              knownIdx.map((i) => orderIds[i]!),
              now,
            )
          : [];
        const out: EventOutcome[] = events.map(() => ({ ok: false, reason: 'unknown_order' }));
        knownIdx.forEach((i, j) => (out[i] = { ok: true, orderId: orderIds[i]!, ...appended[j]! }));
        return out;
      }),
    getOrder: (channel, externalId) => readOrder(prisma, channel, externalId),
    getOrdersById: (ids) => readOrdersById(prisma, ids),
  };
}
