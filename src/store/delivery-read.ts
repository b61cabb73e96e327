// Reads for the delivery pipeline (what to render, which targets are due) and for operators
// (dead letters on /readyz, /metrics and GET /api/v1/deliveries).
import type { AlertKind, Severity } from '../rules/types.js';
import type { Pool } from './pool.js';

export type AlertState = 'open' | 'claimed' | 'resolved';

export interface CardSource {
  alert: {
    id: string;
    rule: string;
    kind: AlertKind;
    severity: Severity;
    state: AlertState;
    /** The finding's one-line summary (for logs); cards are written from `details` by the templates. */
    summary: string;
    details: Record<string, unknown>;
    /** Escalation level, 0 before the first step. */
    level: number;
    /** Display name of whoever claimed it. */
    claimedBy: string | null;
    openedAt: Date;
    resolvedAt: Date | null;
    resolveReason: string | null;
    updatedAt: Date;
    /** The team routing chose (null: the default chats). */
    team: string | null;
  };
  order: {
    id: string;
    channel: string;
    externalId: string;
    status: string;
    amountFen: number;
    warehouse: string | null;
    buyerName: string | null;
    buyerPhone: string | null;
    province: string | null;
    city: string | null;
    district: string | null;
    remark: string;
    trackingNo: string | null;
    carrier: string | null;
  };
  /** The card this alert already has at the target, if any. */
  card: { seq: number; idemKey: string; ref: Record<string, unknown> } | null;
}

export async function loadCardSources(
  pool: Pool,
  alertIds: readonly string[],
  target: string,
): Promise<Map<string, CardSource>> {
  if (alertIds.length === 0) return new Map();
  const res = await pool.query(
    // Cards show the claimer's name (claimed_by is a person id) and a refund's approvals so far.
    `SELECT a.id, a.rule, a.kind, a.severity, a.state, a.summary, a.level,
            COALESCE(p.name, a.claimed_by) AS claimed_by,
            CASE WHEN a.rule = 'refund_approval' THEN a.details || jsonb_build_object('approvedBy', COALESCE(
              (SELECT jsonb_agg(v.person_name ORDER BY v.at, v.person_id) FROM refund_approval_votes v
               WHERE v.order_id = a.order_id AND v.refund_id = a.details->>'refundId'), '[]'::jsonb))
            ELSE a.details END AS details,
            a.opened_at, a.resolved_at, a.resolve_reason, a.updated_at, a.team,
            o.id AS order_id, o.channel, o.external_id, o.status, o.amount_fen, o.warehouse, o.buyer_name,
            o.buyer_phone, o.province, o.city, o.district, o.remark, o.tracking_no, o.carrier,
            c.seq, c.idem_key, c.ref
     FROM alerts a JOIN orders o ON o.id = a.order_id
     LEFT JOIN people p ON p.id = a.claimed_by
     LEFT JOIN alert_cards c ON c.alert_id = a.id AND c.target = $2
     WHERE a.id = ANY($1::uuid[])`,
    [alertIds, target],
  );
  return new Map(res.rows.map((r) => [r.id as string, toSource(r)]));
}

function toSource(r: Record<string, unknown>): CardSource {
  return {
    alert: {
      id: r.id as string,
      rule: r.rule as string,
      kind: r.kind as AlertKind,
      severity: r.severity as Severity,
      state: r.state as CardSource['alert']['state'],
      summary: r.summary as string,
      details: (r.details ?? {}) as Record<string, unknown>,
      level: r.level as number,
      claimedBy: (r.claimed_by as string | null) ?? null,
      openedAt: r.opened_at as Date,
      resolvedAt: (r.resolved_at as Date | null) ?? null,
      resolveReason: (r.resolve_reason as string | null) ?? null,
      updatedAt: r.updated_at as Date,
      team: (r.team as string | null) ?? null,
    },
    order: {
      id: r.order_id as string,
      channel: r.channel as string,
      externalId: r.external_id as string,
      status: r.status as string,
      amountFen: Number(r.amount_fen),
      warehouse: (r.warehouse as string | null) ?? null,
      buyerName: (r.buyer_name as string | null) ?? null,
      buyerPhone: (r.buyer_phone as string | null) ?? null,
      province: (r.province as string | null) ?? null,
      city: (r.city as string | null) ?? null,
      district: (r.district as string | null) ?? null,
      remark: (r.remark as string) ?? '',
      trackingNo: (r.tracking_no as string | null) ?? null,
      carrier: (r.carrier as string | null) ?? null,
    },
    card:
      r.idem_key == null
        ? null
        : {
            seq: r.seq as number,
            idemKey: r.idem_key as string,
            ref: (r.ref ?? {}) as Record<string, unknown>,
          },
  };
}

/** Targets with something due now: pending, or leased by a process that never came back. */
export async function dueTargets(pool: Pool, now: Date): Promise<string[]> {
  const res = await pool.query<{ target: string }>(
    `SELECT DISTINCT target FROM deliveries
     WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1 AND (status = 'pending' OR lease_until < $1)`,
    [now],
  );
  return res.rows.map((r) => r.target);
}

export interface DeliveryStats {
  pending: number;
  dead: number;
  oldestPendingSeconds: number | null;
}

export async function deliveryStats(pool: Pool, now: Date): Promise<DeliveryStats> {
  const res = await pool.query<{ pending: number; dead: number; oldest: Date | null }>(
    `SELECT (SELECT count(*)::int FROM deliveries WHERE status IN ('pending', 'sending')) AS pending,
            (SELECT count(*)::int FROM deliveries WHERE status = 'dead') AS dead,
            (SELECT min(created_at) FROM deliveries WHERE status IN ('pending', 'sending')) AS oldest`,
  );
  const r = res.rows[0]!;
  return {
    pending: r.pending,
    dead: r.dead,
    oldestPendingSeconds: r.oldest
      ? Math.max(0, Math.round((now.getTime() - r.oldest.getTime()) / 1000))
      : null,
  };
}

export interface DeliveryView {
  id: string;
  alertId: string | null;
  target: string;
  channel: string;
  kind: string;
  revision: number;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  /** Digests: how many alerts they stand for. */
  folded: number;
  order: { channel: string; externalId: string } | null;
}

export async function listDeliveries(
  pool: Pool,
  filter: { status?: string; alertId?: string },
  limit: number,
  cursor: string | null,
): Promise<{ deliveries: DeliveryView[]; next: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.status) add('d.status = ?', filter.status);
  if (filter.alertId) add('d.alert_id = ?::uuid', filter.alertId);
  if (cursor) {
    const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
    params.push(at, id);
    where.push(`(d.created_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  const res = await pool.query(
    `SELECT d.*, o.channel AS order_channel, o.external_id,
            (SELECT count(*)::int FROM deliveries f WHERE f.folded_into = d.id) AS folded
     FROM deliveries d LEFT JOIN alerts a ON a.id = d.alert_id LEFT JOIN orders o ON o.id = a.order_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`,
    params,
  );
  const rows = res.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  const next =
    res.rows.length > limit && last
      ? Buffer.from(`${(last.created_at as Date).toISOString()}|${last.id}`).toString('base64url')
      : null;
  return { deliveries: rows.map(toView), next };
}

function toView(r: Record<string, unknown>): DeliveryView {
  const iso = (d: unknown) => (d ? (d as Date).toISOString() : null);
  return {
    id: r.id as string,
    alertId: (r.alert_id as string | null) ?? null,
    target: r.target as string,
    channel: r.channel as string,
    kind: r.kind as string,
    revision: r.revision as number,
    status: r.status as string,
    attempts: r.attempts as number,
    lastError: (r.last_error as string | null) ?? null,
    nextAttemptAt: iso(r.next_attempt_at)!,
    createdAt: iso(r.created_at)!,
    sentAt: iso(r.sent_at),
    folded: r.folded as number,
    order: r.external_id ? { channel: r.order_channel as string, externalId: r.external_id as string } : null,
  };
}

/** Puts a dead letter back in line (an operator fixed the key, the platform is back). */
export async function retryDead(pool: Pool, id: string, now: Date): Promise<boolean> {
  const res = await pool.query(
    `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2
     WHERE id = $1 AND status = 'dead'`,
    [id, now],
  );
  return (res.rowCount ?? 0) > 0;
}
