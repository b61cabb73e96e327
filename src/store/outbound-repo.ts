// The outbound webhook's outbox (CONTRACT.md §2): a decision's message is written in the decision's own
// transaction with its body frozen, then leased, sent outside any transaction and recorded.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from './pool.js';
import { withTransaction } from './tx.js';

export type OutboundType = 'hold' | 'release' | 'refund_approved' | 'refund_rejected' | 'merge';

export interface OutboundMessage {
  id: string;
  type: OutboundType;
  at: string;
  order: { channel: string; externalId: string };
  actor: { personId: string; name: string };
  data: Record<string, unknown>;
}

export interface LeasedOutbound {
  id: string;
  /** The exact JSON text to POST (the same bytes on every attempt). */
  body: string;
  attempt: number;
}

export async function enqueueOutbound(
  c: PoolClient,
  m: Omit<OutboundMessage, 'id' | 'at'>,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  const message: OutboundMessage = {
    id,
    type: m.type,
    at: now.toISOString(),
    order: m.order,
    actor: m.actor,
    data: m.data,
  };
  await c.query(
    `INSERT INTO outbound_webhooks (id, type, payload, status, next_attempt_at, created_at)
     VALUES ($1, $2, $3, 'pending', $4, $4)`,
    [id, m.type, JSON.stringify(message), now],
  );
  return id;
}

/** Leases what is due (pending, or sending with an expired lease: its process never came back). */
export async function leaseOutbound(
  pool: Pool,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<LeasedOutbound[]> {
  return withTransaction(pool, async (c) => {
    const { rows } = await c.query<{ id: string; payload: unknown; attempts: number }>(
      `SELECT id, payload, attempts FROM outbound_webhooks
       WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1 AND (status = 'pending' OR lease_until < $1)
       ORDER BY next_attempt_at, created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    if (rows.length === 0) return [];
    await c.query(
      `UPDATE outbound_webhooks SET status = 'sending', attempts = attempts + 1, lease_until = $2
       WHERE id = ANY($1::uuid[])`,
      [rows.map((r) => r.id), new Date(now.getTime() + leaseMs)],
    );
    return rows.map((r) => ({ id: r.id, body: JSON.stringify(r.payload), attempt: r.attempts + 1 }));
  });
}

export type OutboundResult = { ok: true } | { ok: false; error: string; retryAt: Date | null };

/** Sent, scheduled again, or (retryAt null) dead. Only the lease holder's attempt is recorded. */
export async function recordOutbound(
  pool: Pool,
  id: string,
  attempt: number,
  result: OutboundResult,
  now: Date,
): Promise<void> {
  const [status, next, error] = result.ok
    ? ['sent', now, null]
    : [result.retryAt ? 'pending' : 'dead', result.retryAt ?? now, result.error.slice(0, 500)];
  await pool.query(
    `UPDATE outbound_webhooks SET status = $3, next_attempt_at = $4, last_error = $5, lease_until = NULL,
       sent_at = CASE WHEN $3 = 'sent' THEN $6::timestamptz ELSE sent_at END
     WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
    [id, attempt, status, next, error, now],
  );
}

export async function outboundStats(pool: Pool): Promise<{ pending: number; dead: number; sent: number }> {
  const { rows } = await pool.query(
    `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS pending,
            count(*) FILTER (WHERE status = 'dead')::int AS dead,
            count(*) FILTER (WHERE status = 'sent')::int AS sent
     FROM outbound_webhooks`,
  );
  return rows[0] as { pending: number; dead: number; sent: number };
}
