// What a chat command can name: orders by external id (optionally with the channel), alerts by id or by
// short id (the first 8 hex characters shown on cards), and an order's unresolved alerts.
import type { Pool, PoolClient } from './pool.js';

export interface OrderRef {
  id: string;
  channel: string;
  externalId: string;
  status: string;
  holdState: string;
  amountFen: number;
  buyerName: string | null;
  buyerPhone: string | null;
  phoneHash: string | null;
  addressHash: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  warehouse: string | null;
  createdAt: Date;
  shippedAt: Date | null;
}

export interface AlertRef {
  id: string;
  rule: string;
  kind: string;
  state: string;
  orderId: string;
  details: Record<string, unknown>;
  /** Person id. */
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  resolvedAt: Date | null;
  resolveReason: string | null;
}

type Db = Pool | PoolClient;

const ORDER_COLUMNS = `o.id, o.channel, o.external_id, o.status, o.hold_state, o.amount_fen, o.buyer_name,
  o.buyer_phone, o.phone_hash, o.address_hash, o.province, o.city, o.district, o.warehouse, o.created_at,
  o.shipped_at`;

const ALERT_SELECT = `SELECT a.id, a.rule, a.kind, a.state, a.order_id, a.details, a.claimed_by, a.claimed_at,
    a.resolved_at, a.resolve_reason, COALESCE(p.name, a.claimed_by) AS claimed_by_name
  FROM alerts a LEFT JOIN people p ON p.id = a.claimed_by`;

export function toOrderRef(r: Record<string, unknown>): OrderRef {
  return {
    id: r.id as string,
    channel: r.channel as string,
    externalId: r.external_id as string,
    status: r.status as string,
    holdState: r.hold_state as string,
    amountFen: Number(r.amount_fen),
    buyerName: (r.buyer_name as string | null) ?? null,
    buyerPhone: (r.buyer_phone as string | null) ?? null,
    phoneHash: (r.phone_hash as string | null) ?? null,
    addressHash: (r.address_hash as string | null) ?? null,
    province: (r.province as string | null) ?? null,
    city: (r.city as string | null) ?? null,
    district: (r.district as string | null) ?? null,
    warehouse: (r.warehouse as string | null) ?? null,
    createdAt: r.created_at as Date,
    shippedAt: (r.shipped_at as Date | null) ?? null,
  };
}

function toAlertRef(r: Record<string, unknown>): AlertRef {
  return {
    id: r.id as string,
    rule: r.rule as string,
    kind: r.kind as string,
    state: r.state as string,
    orderId: r.order_id as string,
    details: (r.details ?? {}) as Record<string, unknown>,
    claimedBy: (r.claimed_by as string | null) ?? null,
    claimedByName: (r.claimed_by_name as string | null) ?? null,
    claimedAt: (r.claimed_at as Date | null) ?? null,
    resolvedAt: (r.resolved_at as Date | null) ?? null,
    resolveReason: (r.resolve_reason as string | null) ?? null,
  };
}

export async function findOrders(db: Db, externalId: string, channel: string | null): Promise<OrderRef[]> {
  const { rows } = await db.query(
    `SELECT ${ORDER_COLUMNS} FROM orders o
     WHERE o.external_id = $1 AND ($2::text IS NULL OR o.channel = $2) ORDER BY o.channel LIMIT 20`,
    [externalId, channel],
  );
  return rows.map(toOrderRef);
}

export async function orderById(db: Db, id: string): Promise<OrderRef | null> {
  const { rows } = await db.query(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = $1`, [id]);
  return rows[0] ? toOrderRef(rows[0]) : null;
}

/** By full id, or by short id (a prefix of the uuid's hex; unresolved alerts first). */
export async function findAlerts(db: Db, id: string, short: boolean): Promise<AlertRef[]> {
  const hex = id.toLowerCase();
  if (!/^[0-9a-f-]+$/.test(hex)) return [];
  const where = short ? `a.id::text LIKE $1 || '%'` : `a.id::text = $1`;
  const { rows } = await db.query(
    `${ALERT_SELECT} WHERE ${where} ORDER BY (a.state = 'resolved'), a.opened_at DESC LIMIT 10`,
    [hex],
  );
  return rows.map(toAlertRef);
}

export async function unresolvedAlertsOf(db: Db, orderId: string): Promise<AlertRef[]> {
  const { rows } = await db.query(
    `${ALERT_SELECT} WHERE a.order_id = $1 AND a.state <> 'resolved' ORDER BY a.opened_at, a.id`,
    [orderId],
  );
  return rows.map(toAlertRef);
}

export async function alertById(db: Db, id: string): Promise<AlertRef | null> {
  return (await findAlerts(db, id, false))[0] ?? null;
}
