// customer_notices: which notices are due (set-based, once per (order, kind) by the unique constraint), and
// what the API reads (stats, list). Opted-out customers and orders without a phone are recorded as skipped.
import type { Pool, PoolClient } from './pool.js';
import { withTransaction } from './tx.js';

export interface DueQuery {
  orderIds: string[];
  /** Province prefixes counting as remote (the logistics_remote_region rule's setting). */
  remoteProvinces: string[];
  /** Order statuses for which a remote-region notice still makes sense (in flight). */
  inFlight: string[];
  now: Date;
  /** `now`, or the end of quiet hours. */
  sendAt: Date;
}

// Ladder: the furthest stage reached decides the one stage notice (in_transit counts as collected: it was).
const DUE_SQL = `
WITH o AS (
  SELECT id, status, province, delivered_at FROM orders
  WHERE id = ANY($1::uuid[]) AND status NOT IN ('cancelled', 'closed')
), scan AS (
  SELECT order_id,
         max(CASE data->>'status' WHEN 'collected' THEN 1 WHEN 'in_transit' THEN 2
             WHEN 'out_for_delivery' THEN 3 WHEN 'delivered' THEN 4 ELSE 0 END) AS stage,
         (array_agg(data->>'status' ORDER BY at DESC, received_at DESC))[1] AS latest
  FROM order_events WHERE order_id = ANY($1::uuid[]) AND type = 'logistics' GROUP BY order_id
)
SELECT o.id AS order_id, k.kind
FROM o LEFT JOIN scan s ON s.order_id = o.id
CROSS JOIN LATERAL (VALUES
  (CASE WHEN o.delivered_at IS NOT NULL OR s.stage = 4 THEN 'delivered'
        WHEN s.stage = 3 THEN 'out_for_delivery'
        WHEN s.stage IN (1, 2) THEN 'collected' END),
  (CASE WHEN s.latest = 'exception' AND o.delivered_at IS NULL THEN 'exception' END),
  (CASE WHEN o.status = ANY($3::text[]) AND EXISTS (
     SELECT 1 FROM unnest($2::text[]) p
     WHERE p <> '' AND left(btrim(coalesce(o.province, '')), length(p)) = p) THEN 'remote_region' END)
) AS k(kind)
WHERE k.kind IS NOT NULL`;

const INSERT_SQL = `
INSERT INTO customer_notices (order_id, kind, status, reason, send_at, next_attempt_at, created_at, updated_at)
SELECT d.order_id, d.kind,
       CASE WHEN o.buyer_phone IS NULL OR oo.phone_hash IS NOT NULL THEN 'skipped' ELSE 'pending' END,
       CASE WHEN o.buyer_phone IS NULL THEN 'no_phone' WHEN oo.phone_hash IS NOT NULL THEN 'opted_out' END,
       $3, $3, $4, $4
FROM unnest($1::uuid[], $2::text[]) AS d(order_id, kind)
JOIN orders o ON o.id = d.order_id
LEFT JOIN customer_opt_outs oo ON oo.phone_hash = o.phone_hash
ORDER BY d.order_id, d.kind
ON CONFLICT (order_id, kind) DO NOTHING
RETURNING id, order_id AS "orderId", kind, status`;

// A later stage makes an unsent earlier one pointless; delivery makes every unsent notice pointless.
const SUPERSEDE_SQL = `
UPDATE customer_notices n SET status = 'skipped', reason = 'superseded', updated_at = $2
WHERE n.order_id = ANY($1::uuid[]) AND n.status = 'pending' AND EXISTS (
  SELECT 1 FROM customer_notices h WHERE h.order_id = n.order_id AND h.kind <> n.kind AND (
    h.kind = 'delivered' OR (h.kind = 'out_for_delivery' AND n.kind = 'collected')))`;

export interface InsertedNotice {
  id: string;
  orderId: string;
  kind: string;
  status: string;
}

async function insert(
  c: PoolClient,
  rows: { orderId: string; kind: string }[],
  sendAt: Date,
  now: Date,
): Promise<InsertedNotice[]> {
  if (rows.length === 0) return [];
  const res = await c.query<InsertedNotice>(INSERT_SQL, [
    rows.map((r) => r.orderId),
    rows.map((r) => r.kind),
    sendAt,
    now,
  ]);
  await c.query(SUPERSEDE_SQL, [[...new Set(rows.map((r) => r.orderId))], now]);
  return res.rows;
}

export function createCustomerNoticeStore(pool: Pool) {
  return {
    /** Inserts the notices due for these orders now; returns the new rows (existing ones are left alone). */
    insertDue(q: DueQuery): Promise<InsertedNotice[]> {
      if (q.orderIds.length === 0) return Promise.resolve([]);
      return withTransaction(pool, async (c) => {
        const due = await c.query<{ order_id: string; kind: string }>(DUE_SQL, [
          q.orderIds,
          q.remoteProvinces.map((p) => p.trim()),
          q.inFlight,
        ]);
        const rows = due.rows.map((r) => ({ orderId: r.order_id, kind: r.kind }));
        return insert(c, rows, q.sendAt, q.now);
      });
    },
    /** One notice of `kind` for an open (not cancelled, closed or delivered) order; null when not applicable. */
    insertOne(orderId: string, kind: string, sendAt: Date, now: Date): Promise<InsertedNotice[] | null> {
      return withTransaction(pool, async (c) => {
        const o = await c.query(
          `SELECT 1 FROM orders WHERE id = $1 AND status NOT IN ('cancelled', 'closed', 'delivered')`,
          [orderId],
        );
        if (o.rowCount === 0) return null;
        return insert(c, [{ orderId, kind }], sendAt, now);
      });
    },
  };
}

export type CustomerNoticeStore = ReturnType<typeof createCustomerNoticeStore>;
