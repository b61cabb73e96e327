// The notice sender's short transaction: lease what is due (skipping customers who opted out since), choose
// each one's channel against the KF sessions (whose message count is charged here, before any network call),
// and, after the call, record what happened, only on a row still leased.
import type { Pool, PoolClient } from './pool.js';
import { withTransaction } from './tx.js';

export interface DueNotice {
  id: string;
  orderId: string;
  kind: string;
  attempts: number;
  phone: string | null;
  phoneHash: string | null;
  orderChannel: string;
  externalId: string;
  carrier: string | null;
  trackingNo: string | null;
  province: string | null;
}

export interface KfSessionRow {
  openKfid: string;
  externalUserId: string;
  phoneHash: string;
  lastCustomerMessageAt: Date;
  sentSince: number;
}

export interface ChosenNotice extends DueNotice {
  channel: 'sms' | 'kf';
  kf?: { openKfid: string; externalUserId: string };
  /** The attempt this lease is for (1 = first). */
  attempt: number;
}

export interface NoticeClaim {
  now: Date;
  leaseMs: number;
  limit: number;
  choose(due: DueNotice[], sessions: KfSessionRow[]): ChosenNotice[];
}

const SELECT_DUE = `
SELECT n.id, n.order_id AS "orderId", n.kind, n.attempts, o.buyer_phone AS phone, o.phone_hash AS "phoneHash",
       o.channel AS "orderChannel", o.external_id AS "externalId", o.carrier, o.tracking_no AS "trackingNo",
       o.province, (oo.phone_hash IS NOT NULL) AS "optedOut"
FROM customer_notices n
JOIN orders o ON o.id = n.order_id
LEFT JOIN customer_opt_outs oo ON oo.phone_hash = o.phone_hash
WHERE n.status IN ('pending', 'sending') AND n.next_attempt_at <= $1
  AND (n.status = 'pending' OR n.lease_until < $1)
ORDER BY n.next_attempt_at, n.id
LIMIT $2
FOR UPDATE OF n SKIP LOCKED`;

async function sessionsFor(c: PoolClient, hashes: string[]): Promise<KfSessionRow[]> {
  if (hashes.length === 0) return [];
  const res = await c.query<KfSessionRow>(
    `SELECT open_kfid AS "openKfid", external_userid AS "externalUserId", phone_hash AS "phoneHash",
            last_customer_message_at AS "lastCustomerMessageAt", sent_since AS "sentSince"
     FROM kf_sessions WHERE phone_hash = ANY($1::text[])
     ORDER BY last_customer_message_at DESC FOR UPDATE`,
    [hashes],
  );
  return res.rows;
}

export async function claimNotices(pool: Pool, req: NoticeClaim): Promise<ChosenNotice[]> {
  return withTransaction(pool, async (c) => {
    const res = await c.query<DueNotice & { optedOut: boolean }>(SELECT_DUE, [req.now, req.limit]);
    const optedOut = res.rows.filter((r) => r.optedOut).map((r) => r.id);
    if (optedOut.length > 0) {
      await c.query(
        `UPDATE customer_notices SET status = 'skipped', reason = 'opted_out', lease_until = NULL, updated_at = $2
         WHERE id = ANY($1::uuid[])`,
        [optedOut, req.now],
      );
    }
    const due = res.rows.filter((r) => !r.optedOut).map(({ optedOut: _o, ...r }) => r as DueNotice);
    if (due.length === 0) return [];
    const hashes = [...new Set(due.map((d) => d.phoneHash).filter((h): h is string => h !== null))];
    const chosen = req.choose(due, await sessionsFor(c, hashes));
    await c.query(
      `UPDATE customer_notices n SET status = 'sending', attempts = n.attempts + 1, lease_until = $3,
         channel = u.channel, updated_at = $4
       FROM unnest($1::uuid[], $2::text[]) AS u(id, channel) WHERE n.id = u.id`,
      [
        chosen.map((d) => d.id),
        chosen.map((d) => d.channel),
        new Date(req.now.getTime() + req.leaseMs),
        req.now,
      ],
    );
    const kf = chosen.filter((d) => d.kf).map((d) => d.kf!);
    if (kf.length > 0) {
      await c.query(
        `UPDATE kf_sessions s SET sent_since = s.sent_since + u.n
         FROM (SELECT k, e, count(*)::int AS n FROM unnest($1::text[], $2::text[]) AS t(k, e) GROUP BY k, e) u
         WHERE s.open_kfid = u.k AND s.external_userid = u.e`,
        [kf.map((t) => t.openKfid), kf.map((t) => t.externalUserId)],
      );
    }
    return chosen;
  });
}

export type NoticeResult =
  | { status: 'sent'; ref: Record<string, unknown>; text: string }
  | {
      status: 'retry';
      nextAttemptAt: Date;
      error: string;
      closeKf?: { openKfid: string; externalUserId: string };
    }
  | { status: 'failed'; reason: string; error: string }
  | { status: 'dead'; error: string };

export async function recordNotice(pool: Pool, id: string, r: NoticeResult, now: Date): Promise<boolean> {
  return withTransaction(pool, async (c) => {
    const base = `lease_until = NULL, updated_at = $2`;
    const guard = `WHERE id = $1 AND status = 'sending'`;
    let res;
    if (r.status === 'sent') {
      res = await c.query(
        `UPDATE customer_notices SET status = 'sent', sent_at = $2, provider_ref = $3, text = $4,
           last_error = NULL, ${base} ${guard}`,
        [id, now, JSON.stringify(r.ref), r.text],
      );
    } else if (r.status === 'retry') {
      res = await c.query(
        `UPDATE customer_notices SET status = 'pending', next_attempt_at = $3, last_error = $4, ${base} ${guard}`,
        [id, now, r.nextAttemptAt, r.error],
      );
      if (r.closeKf) {
        await c.query(
          `UPDATE kf_sessions SET sent_since = greatest(sent_since, $3) WHERE open_kfid = $1 AND external_userid = $2`,
          [r.closeKf.openKfid, r.closeKf.externalUserId, 1_000],
        );
      }
    } else if (r.status === 'failed') {
      res = await c.query(
        `UPDATE customer_notices SET status = 'failed', reason = $3, last_error = $4, ${base} ${guard}`,
        [id, now, r.reason, r.error],
      );
    } else {
      res = await c.query(`UPDATE customer_notices SET status = 'dead', last_error = $3, ${base} ${guard}`, [
        id,
        now,
        r.error,
      ]);
    }
    return (res.rowCount ?? 0) > 0;
  });
}
