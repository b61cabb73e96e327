// Batched order snapshots: one INSERT … ON CONFLICT per round, merging by event time (order-merge.ts).
import { createHash } from 'node:crypto';
import type { OrderInput } from '../domain/order.js';
import { stageColumnOf, type StageColumn } from '../domain/order-state.js';
import type { PoolClient } from './pool.js';
import { GROUPS, mergeAssignments } from './order-merge.js';
import { JsonText, recordsetSelect, rounds, type Column } from './unnest.js';

export interface UpsertedOrder {
  id: string;
  /** false when the row already held exactly this snapshot: nothing changed, nothing to re-detect. */
  changed: boolean;
  inserted: boolean;
}

interface Row {
  o: OrderInput;
  stages: Partial<Record<StageColumn, Date>>;
  hash: string;
  rawJson: JsonText;
  now: Date;
}

const ts = 'timestamptz';
const stage = (c: StageColumn): Column<Row> => ({ name: c, type: ts, value: (r) => r.stages[c] ?? null });
const COLUMNS: Column<Row>[] = [
  { name: 'channel', type: 'text', value: (r) => r.o.channel },
  { name: 'external_id', type: 'text', value: (r) => r.o.externalId },
  { name: 'shop_id', type: 'text', value: (r) => r.o.shopId },
  { name: 'status', type: 'text', value: (r) => r.o.status },
  { name: 'status_at', type: ts, value: (r) => r.o.statusAt },
  { name: 'amount_fen', type: 'int8', value: (r) => r.o.amountFen },
  { name: 'currency', type: 'text', value: (r) => r.o.currency },
  { name: 'buyer_name', type: 'text', value: (r) => r.o.buyerName },
  { name: 'buyer_phone', type: 'text', value: (r) => r.o.buyerPhone },
  { name: 'phone_hash', type: 'text', value: (r) => r.o.phoneHash },
  { name: 'province', type: 'text', value: (r) => r.o.address?.province ?? null },
  { name: 'city', type: 'text', value: (r) => r.o.address?.city ?? null },
  { name: 'district', type: 'text', value: (r) => r.o.address?.district ?? null },
  { name: 'address_detail', type: 'text', value: (r) => r.o.address?.detail ?? null },
  { name: 'address_hash', type: 'text', value: (r) => r.o.addressHash },
  { name: 'address_at', type: ts, value: (r) => (r.o.address ? r.o.statusAt : null) },
  { name: 'items', type: 'jsonb', value: (r) => r.o.items },
  { name: 'warehouse', type: 'text', value: (r) => r.o.warehouse },
  { name: 'remark', type: 'text', value: (r) => r.o.remark },
  { name: 'remark_at', type: ts, value: (r) => r.o.statusAt },
  { name: 'presale', type: 'bool', value: (r) => r.o.presale },
  stage('created_at'),
  stage('paid_at'),
  stage('picked_at'),
  stage('packed_at'),
  stage('shipped_at'),
  stage('delivered_at'),
  stage('cancelled_at'),
  stage('closed_at'),
  { name: 'promised_ship_at', type: ts, value: (r) => r.o.promisedShipAt },
  { name: 'raw', type: 'jsonb', value: (r) => r.rawJson },
  { name: 'snapshot_at', type: ts, value: (r) => r.o.statusAt },
  { name: 'content_hash', type: 'text', value: (r) => r.hash },
  { name: 'received_at', type: ts, value: (r) => r.now },
  { name: 'updated_at', type: ts, value: (r) => r.now },
  { name: 'detect_due_at', type: ts, value: (r) => r.now },
];

const MERGE = mergeAssignments(
  {
    columns: new Set(COLUMNS.map((c) => c.name)),
    groups: ['snapshot_at', 'address_at', 'remark_at'] satisfies (keyof typeof GROUPS)[],
  },
  'orders',
  'EXCLUDED',
);

function toRow(o: OrderInput, now: Date): Row {
  const stages: Row['stages'] = { created_at: o.createdAt };
  if (o.paidAt) stages.paid_at = o.paidAt;
  // A snapshot saying "shipped" without its own stage time is stamped at the snapshot's time.
  const col = stageColumnOf(o.status);
  if (!stages[col]) stages[col] = o.statusAt;
  const rawJson = JSON.stringify(o.raw) ?? 'null';
  const hash = createHash('sha256').update(rawJson).digest('base64url');
  return { o, stages, hash, rawJson: new JsonText(rawJson), now };
}

export async function upsertOrders(
  client: PoolClient,
  orders: readonly OrderInput[],
  now: Date,
): Promise<UpsertedOrder[]> {
  const rows = orders.map((o) => toRow(o, now));
  const key = (r: Row) => `${r.o.channel}\u0000${r.o.externalId}`;
  const byKey = new Map<string, UpsertedOrder>();
  for (const round of rounds(rows, key)) {
    // Lock rows in a stable order so concurrent batches touching the same orders do not deadlock.
    round.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const { sql, params, names } = recordsetSelect(COLUMNS, round);
    const res = await client.query<{ id: string; channel: string; external_id: string; inserted: boolean }>(
      `INSERT INTO orders (${names}) ${sql}
       ON CONFLICT (channel, external_id) DO UPDATE SET
       ${MERGE}
       WHERE orders.content_hash IS DISTINCT FROM EXCLUDED.content_hash
       RETURNING id, channel, external_id, (xmax = 0) AS inserted`,
      params,
    );
    for (const r of res.rows) {
      const k = `${r.channel}\u0000${r.external_id}`;
      const prev = byKey.get(k);
      byKey.set(k, { id: r.id, changed: true, inserted: r.inserted || (prev?.inserted ?? false) });
    }
  }
  const missing = rows.filter((r) => !byKey.has(key(r)));
  if (missing.length > 0) {
    for (const r of await findOrderIds(
      client,
      missing.map((m) => m.o),
    )) {
      byKey.set(`${r.channel}\u0000${r.externalId}`, { id: r.id, changed: false, inserted: false });
    }
  }
  return rows.map((r) => byKey.get(key(r))!);
}

export interface OrderKey {
  channel: string;
  externalId: string;
}

export async function findOrderIds(
  client: PoolClient,
  keys: readonly OrderKey[],
): Promise<(OrderKey & { id: string })[]> {
  const res = await client.query<{ id: string; channel: string; external_id: string }>(
    `SELECT o.id, o.channel, o.external_id FROM orders o
     JOIN unnest($1::text[], $2::text[]) AS k(channel, external_id)
       ON o.channel = k.channel AND o.external_id = k.external_id`,
    [keys.map((k) => k.channel), keys.map((k) => k.externalId)],
  );
  return res.rows.map((r) => ({ id: r.id, channel: r.channel, externalId: r.external_id }));
}
