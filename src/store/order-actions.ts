// Order-level decisions from the chats: hold / release a shipment, merge a cross-channel duplicate, mark a
// customer legit for a suspect rule. Each is guarded by the state it expects and recomputes muting (a held
// order mutes its own stuck alerts).
import { recordHistory } from './alerts-repo.js';
import { refreshMuting } from './muting.js';
import type { PoolClient } from './pool.js';
import { orderById, toOrderRef, type OrderRef } from './action-targets.js';

export type HoldOutcome =
  | { ok: true; alertIds: string[] }
  | { ok: false; why: 'held'; heldBy: string | null; heldAt: Date | null }
  | { ok: false; why: 'shipped' | 'finished' | 'not_held'; status: string };

const NOT_SHIPPED = `status IN ('created', 'paid', 'picking', 'packed') AND shipped_at IS NULL`;

async function afterHoldChange(c: PoolClient, orderId: string, now: Date): Promise<string[]> {
  await refreshMuting(c, now, [orderId]);
  const { rows } = await c.query<{ id: string }>(
    `UPDATE alerts SET updated_at = $2, revision = revision + 1
     WHERE order_id = $1 AND state <> 'resolved' RETURNING id`,
    [orderId, now],
  );
  return rows.map((r) => r.id);
}

export async function holdOrder(
  c: PoolClient,
  orderId: string,
  person: { id: string; name: string },
  now: Date,
): Promise<HoldOutcome> {
  const res = await c.query(
    `UPDATE orders SET hold_state = 'held' WHERE id = $1 AND hold_state = 'none' AND ${NOT_SHIPPED}`,
    [orderId],
  );
  if ((res.rowCount ?? 0) === 0) return whyNotHeld(c, orderId);
  await c.query(
    `INSERT INTO order_holds (order_id, held_by, held_by_name, held_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (order_id) DO UPDATE SET held_by = $2, held_by_name = $3, held_at = $4,
       released_by = NULL, released_at = NULL`,
    [orderId, person.id, person.name, now],
  );
  return { ok: true, alertIds: await afterHoldChange(c, orderId, now) };
}

async function whyNotHeld(c: PoolClient, orderId: string): Promise<HoldOutcome> {
  const { rows } = await c.query(
    `SELECT o.status, o.hold_state, o.shipped_at, h.held_by_name, h.held_at
     FROM orders o LEFT JOIN order_holds h ON h.order_id = o.id WHERE o.id = $1`,
    [orderId],
  );
  const r = rows[0]!;
  if (r.hold_state !== 'none') return { ok: false, why: 'held', heldBy: r.held_by_name, heldAt: r.held_at };
  if (r.status === 'cancelled' || r.status === 'closed')
    return { ok: false, why: 'finished', status: r.status };
  return { ok: false, why: 'shipped', status: r.status };
}

export async function releaseOrder(
  c: PoolClient,
  orderId: string,
  person: { id: string; name: string },
  now: Date,
): Promise<HoldOutcome> {
  const res = await c.query<{ status: string }>(
    `UPDATE orders SET hold_state = 'none' WHERE id = $1 AND hold_state <> 'none' RETURNING status`,
    [orderId],
  );
  if ((res.rowCount ?? 0) === 0) {
    const o = await orderById(c, orderId);
    return { ok: false, why: 'not_held', status: o?.status ?? 'unknown' };
  }
  await c.query(`UPDATE order_holds SET released_by = $2, released_at = $3 WHERE order_id = $1`, [
    orderId,
    person.id,
    now,
  ]);
  return { ok: true, alertIds: await afterHoldChange(c, orderId, now) };
}

/** The other order of a cross-channel pair: same phone and address, another channel, closest in time. */
export async function duplicatePartner(c: PoolClient, order: OrderRef): Promise<OrderRef | null> {
  if (!order.phoneHash || !order.addressHash) return null;
  const { rows } = await c.query(
    `SELECT o.* FROM orders o
     WHERE o.phone_hash = $1 AND o.address_hash = $2 AND o.channel <> $3 AND o.id <> $4
     ORDER BY abs(extract(epoch FROM o.created_at - $5::timestamptz)), o.created_at, o.id LIMIT 1`,
    [order.phoneHash, order.addressHash, order.channel, order.id, order.createdAt],
  );
  return rows[0] ? toOrderRef(rows[0]) : null;
}

/** Records `orderId` merged into `intoId`; false when it was merged before. */
export async function recordMerge(
  c: PoolClient,
  m: { orderId: string; intoId: string; by: string; alertId: string },
  now: Date,
): Promise<boolean> {
  const res = await c.query(
    `INSERT INTO order_merges (order_id, into_order_id, merged_by, at, alert_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (order_id) DO NOTHING`,
    [m.orderId, m.intoId, m.by, now, m.alertId],
  );
  return (res.rowCount ?? 0) > 0;
}

/**
 * Quiets `rule` for the customer (their phone hash; the order itself when it has no phone) and resolves
 * that rule's other unresolved alerts for the same customer. Returns those alerts' ids.
 */
export async function markLegit(
  c: PoolClient,
  m: { rule: string; order: OrderRef; by: string; alertId: string; reason: string },
  now: Date,
): Promise<string[]> {
  const phone = m.order.phoneHash;
  await c.query(
    `INSERT INTO legit_marks (rule, phone_hash, order_id, marked_by, at, alert_id)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (rule, COALESCE(phone_hash, order_id::text)) DO NOTHING`,
    [m.rule, phone, phone ? null : m.order.id, m.by, now, m.alertId],
  );
  if (!phone) return [];
  const { rows } = await c.query<{ id: string }>(
    `UPDATE alerts a SET state = 'resolved', resolved_at = $4, updated_at = $4, resolve_reason = $5,
       active_escalation_job = NULL,
       revision = a.revision + 1
     FROM orders o
     WHERE o.id = a.order_id AND o.phone_hash = $2 AND a.rule = $1 AND a.id <> $3 AND a.state <> 'resolved'
     RETURNING a.id`,
    [m.rule, phone, m.alertId, now, m.reason],
  );
  const ids = rows.map((r) => r.id);
  await recordHistory(c, { opened: [], changed: [], resolved: ids }, now);
  return ids;
}
