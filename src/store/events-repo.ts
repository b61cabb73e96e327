// Batched events: append to the timeline once per idempotency key, then merge the new ones into their
// orders with the same arrival-order-free rules as snapshots (order-merge.ts).
import type { EventInput } from '../domain/event.js';
import type { PoolClient } from './pool.js';
import { mergeAssignments, type GroupTime } from './order-merge.js';
import { recordsetSelect, rounds, type Column } from './unnest.js';

export interface AppendedEvent {
  id: string;
  /** false when this event was already stored (same eventId, or same order+type+at+data). */
  isNew: boolean;
}

interface Stored {
  e: EventInput;
  orderId: string;
  now: Date;
}

const EVENT_COLUMNS: Column<Stored>[] = [
  { name: 'order_id', type: 'uuid', value: (r) => r.orderId },
  { name: 'type', type: 'text', value: (r) => r.e.type },
  { name: 'at', type: 'timestamptz', value: (r) => r.e.at },
  { name: 'data', type: 'jsonb', value: (r) => r.e.rawData ?? {} },
  { name: 'event_id', type: 'text', value: (r) => r.e.eventId },
  { name: 'idempotency_key', type: 'text', value: (r) => r.e.idempotencyKey },
  { name: 'received_at', type: 'timestamptz', value: (r) => r.now },
];

/** Stores events (orderIds[i] belongs to events[i]); returns each one's id and whether it was new. */
export async function appendEvents(
  client: PoolClient,
  events: readonly EventInput[],
  orderIds: readonly string[],
  now: Date,
): Promise<AppendedEvent[]> {
  const rows = events.map((e, i) => ({ e, orderId: orderIds[i]!, now }));
  const { sql, params, names } = recordsetSelect(EVENT_COLUMNS, rows);
  const inserted = await client.query<{ id: string; idempotency_key: string }>(
    `INSERT INTO order_events (${names}) ${sql}
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key`,
    params,
  );
  const fresh = new Map(inserted.rows.map((r) => [r.idempotency_key, r.id]));
  const known = new Map<string, string>();
  const missing = [...new Set(rows.map((r) => r.e.idempotencyKey).filter((k) => !fresh.has(k)))];
  if (missing.length > 0) {
    const res = await client.query<{ id: string; idempotency_key: string }>(
      'SELECT id, idempotency_key FROM order_events WHERE idempotency_key = ANY($1::text[])',
      [missing],
    );
    for (const r of res.rows) known.set(r.idempotency_key, r.id);
  }
  const claimed = new Set<string>();
  const result = rows.map((r) => {
    const k = r.e.idempotencyKey;
    const freshId = fresh.get(k);
    if (freshId && !claimed.has(k)) {
      claimed.add(k);
      return { id: freshId, isNew: true };
    }
    return { id: freshId ?? known.get(k)!, isNew: false };
  });
  const newRows = rows.filter((_r, i) => result[i]!.isNew);
  await applyToOrders(client, newRows);
  return result;
}

interface Delta {
  id: string;
  [column: string]: unknown;
}

const DELTA_TYPES: Record<string, string> = {
  paid_at: 'timestamptz',
  picked_at: 'timestamptz',
  packed_at: 'timestamptz',
  shipped_at: 'timestamptz',
  delivered_at: 'timestamptz',
  cancelled_at: 'timestamptz',
  collected_at: 'timestamptz',
  last_exception_at: 'timestamptz',
  tracking_at: 'timestamptz',
  tracking_no: 'text',
  carrier: 'text',
  last_scan_at: 'timestamptz',
  last_scan_status: 'text',
  last_scan_text: 'text',
  address_at: 'timestamptz',
  province: 'text',
  city: 'text',
  district: 'text',
  address_detail: 'text',
  address_hash: 'text',
  remark_at: 'timestamptz',
  remark: 'text',
  updated_at: 'timestamptz',
};
const GROUP_TIMES: GroupTime[] = ['address_at', 'remark_at', 'tracking_at', 'last_scan_at'];
const DELTA_COLUMNS: Column<Delta>[] = [
  { name: 'id', type: 'uuid', value: (d) => d.id },
  ...Object.entries(DELTA_TYPES).map(([name, type]) => ({
    name,
    type,
    value: (d: Delta) => d[name] ?? null,
  })),
];
const MERGE = mergeAssignments(
  { columns: new Set(Object.keys(DELTA_TYPES)), groups: GROUP_TIMES },
  'orders',
  'd',
);

/** The order columns one event moves. Refund events live on the timeline only (refunds are issue 5's). */
export function deltaOf(e: EventInput): Record<string, unknown> {
  const at = e.at;
  const d = e.data;
  switch (d.type) {
    case 'paid':
      return { paid_at: at };
    case 'picked':
      return { picked_at: at };
    case 'packed':
      return { packed_at: at };
    case 'shipped':
      return { shipped_at: at, tracking_at: at, tracking_no: d.trackingNo, carrier: d.carrier };
    case 'logistics':
      return {
        last_scan_at: at,
        last_scan_status: d.status,
        last_scan_text: d.description,
        ...(d.status === 'exception' ? { last_exception_at: at } : { collected_at: at }),
        ...(d.status === 'delivered' ? { delivered_at: at } : {}),
      };
    case 'cancelled':
      return { cancelled_at: at };
    case 'address_changed':
      return {
        address_at: at,
        province: d.address.province,
        city: d.address.city,
        district: d.address.district,
        address_detail: d.address.detail,
        address_hash: d.addressHash,
      };
    case 'remark':
      return { remark_at: at, remark: d.text };
    case 'refund_requested':
    case 'refund_cancelled':
      return {};
  }
}

async function applyToOrders(client: PoolClient, rows: readonly Stored[]): Promise<void> {
  const deltas: Delta[] = rows.map((r) => ({ id: r.orderId, ...deltaOf(r.e), updated_at: r.now }));
  for (const round of rounds(deltas, (d) => d.id)) {
    round.sort((a, b) => (a.id < b.id ? -1 : 1));
    const { sql, params } = recordsetSelect(DELTA_COLUMNS, round);
    await client.query(`UPDATE orders SET ${MERGE} FROM (${sql}) AS d WHERE orders.id = d.id`, params);
  }
}
