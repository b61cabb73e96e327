// Refund decisions (CONTRACT.md §5 refunds): one row per refund, locked while a decision is taken, so of
// many approvers tapping at once exactly the required number of distinct approvals count and the refund
// is decided once; everyone else is told who decided and when.
import type { PoolClient } from './pool.js';

export interface RefundCase {
  orderId: string;
  refundId: string;
  amountFen: number;
  requiredApprovals: number;
  /** Who asked for the refund (person id or platform user id), when the event said. */
  requestedBy: string | null;
}

export interface Approver {
  id: string;
  name: string;
  /** The person id and their platform user ids: any of them matching `requestedBy` is self-approval. */
  ids: readonly string[];
}

export type RefundOutcome =
  | { kind: 'approved'; approvers: { id: string; name: string }[] }
  | { kind: 'partial'; approvers: { id: string; name: string }[]; missing: number }
  | { kind: 'rejected' }
  | { kind: 'decided'; state: 'approved' | 'rejected'; by: string; at: Date; reason: string | null }
  | { kind: 'self' }
  | { kind: 'again'; at: Date };

interface Row {
  state: 'pending' | 'approved' | 'rejected';
  required_approvals: number;
  requested_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  reason: string | null;
}

/** The approval row of this refund, created on first use and locked for this transaction. */
async function lockRefund(c: PoolClient, r: RefundCase, now: Date): Promise<Row> {
  await c.query(
    `INSERT INTO refund_approvals (order_id, refund_id, amount_fen, required_approvals, requested_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (order_id, refund_id) DO NOTHING`,
    [r.orderId, r.refundId, r.amountFen, r.requiredApprovals, r.requestedBy, now],
  );
  const { rows } = await c.query<Row>(
    `SELECT * FROM refund_approvals WHERE order_id = $1 AND refund_id = $2 FOR UPDATE`,
    [r.orderId, r.refundId],
  );
  return rows[0]!;
}

function decided(row: Row): RefundOutcome | null {
  if (row.state === 'pending') return null;
  return {
    kind: 'decided',
    state: row.state,
    by: row.decided_by_name ?? '',
    at: row.decided_at!,
    reason: row.reason,
  };
}

export async function approveRefund(
  c: PoolClient,
  r: RefundCase,
  who: Approver,
  now: Date,
): Promise<RefundOutcome> {
  const row = await lockRefund(c, r, now);
  const done = decided(row);
  if (done) return done;
  if (row.requested_by !== null && who.ids.includes(row.requested_by)) return { kind: 'self' };
  const { rows: votes } = await c.query<{ person_id: string; person_name: string; at: Date }>(
    `SELECT person_id, person_name, at FROM refund_approval_votes
     WHERE order_id = $1 AND refund_id = $2 ORDER BY at, person_id`,
    [r.orderId, r.refundId],
  );
  const mine = votes.find((v) => v.person_id === who.id);
  if (mine) return { kind: 'again', at: mine.at };
  await c.query(
    `INSERT INTO refund_approval_votes (order_id, refund_id, person_id, person_name, at) VALUES ($1, $2, $3, $4, $5)`,
    [r.orderId, r.refundId, who.id, who.name, now],
  );
  const approvers = [
    ...votes.map((v) => ({ id: v.person_id, name: v.person_name })),
    { id: who.id, name: who.name },
  ];
  const complete = approvers.length >= row.required_approvals;
  await c.query(
    `UPDATE refund_approvals SET approvals = $3, state = $4, decided_by = $5, decided_by_name = $6, decided_at = $7
     WHERE order_id = $1 AND refund_id = $2`,
    [
      r.orderId,
      r.refundId,
      approvers.length,
      complete ? 'approved' : 'pending',
      complete ? approvers.map((a) => a.id).join(',') : null,
      complete ? approvers.map((a) => a.name).join('、') : null,
      complete ? now : null,
    ],
  );
  if (complete) return { kind: 'approved', approvers };
  return { kind: 'partial', approvers, missing: row.required_approvals - approvers.length };
}

export async function rejectRefund(
  c: PoolClient,
  r: RefundCase,
  who: Approver,
  reason: string,
  now: Date,
): Promise<RefundOutcome> {
  const done = decided(await lockRefund(c, r, now));
  if (done) return done;
  await c.query(
    `UPDATE refund_approvals SET state = 'rejected', decided_by = $3, decided_by_name = $4, decided_at = $5,
       reason = $6
     WHERE order_id = $1 AND refund_id = $2`,
    [r.orderId, r.refundId, who.id, who.name, now, reason],
  );
  return { kind: 'rejected' };
}

/** `requestedBy` of the refund_requested event, if it named one. */
export async function refundRequester(
  c: PoolClient,
  orderId: string,
  refundId: string,
): Promise<string | null> {
  const { rows } = await c.query<{ by: string | null }>(
    `SELECT data->>'requestedBy' AS by FROM order_events
     WHERE order_id = $1 AND type = 'refund_requested' AND data->>'refundId' = $2
     ORDER BY at DESC LIMIT 1`,
    [orderId, refundId],
  );
  return rows[0]?.by ?? null;
}

/** Whether the refund was approved or rejected (a resolved alert's refund may still be undecided). */
export async function refundDecided(c: PoolClient, orderId: string, refundId: string): Promise<boolean> {
  const { rows } = await c.query(
    `SELECT 1 FROM refund_approvals WHERE order_id = $1 AND refund_id = $2 AND state <> 'pending'`,
    [orderId, refundId],
  );
  return rows.length > 0;
}
