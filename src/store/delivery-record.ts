// After the network call: what happened to a leased delivery, written in one short transaction.
// Only a row still leased ('sending') is changed, so a late answer after the lease ran out and another
// process took over cannot overwrite that process's result.
import type { Pool } from './pool.js';
import { withTransaction } from './tx.js';

export type DeliveryResult =
  | { status: 'sent'; ref: Record<string, unknown> | null; card?: CardRecord }
  | { status: 'skipped'; reason: string }
  | { status: 'retry'; nextAttemptAt: Date; error: string; block?: { keys: string[]; until: Date } }
  | { status: 'dead'; error: string };

/** The card now shown at the target (sent or updated), to update it in place next time. */
export interface CardRecord {
  alertId: string;
  target: string;
  channel: string;
  seq: number;
  idemKey: string;
  ref: Record<string, unknown>;
  /** A WeCom response_code to append to the card's list (each single-use). */
  responseCode?: string | null;
}

export async function recordDelivery(
  pool: Pool,
  id: string,
  result: DeliveryResult,
  now: Date,
): Promise<boolean> {
  return withTransaction(pool, async (c) => {
    let res;
    if (result.status === 'sent') {
      res = await c.query(
        `UPDATE deliveries SET status = 'sent', sent_at = $2, updated_at = $2, platform_ref = $3,
           last_error = NULL, lease_until = NULL WHERE id = $1 AND status = 'sending'`,
        [id, now, result.ref === null ? null : JSON.stringify(result.ref)],
      );
      if (res.rowCount && result.card) await upsertCard(c, result.card, now);
    } else if (result.status === 'skipped') {
      res = await c.query(
        `UPDATE deliveries SET status = 'superseded', updated_at = $2, last_error = $3, lease_until = NULL
         WHERE id = $1 AND status = 'sending'`,
        [id, now, result.reason],
      );
    } else if (result.status === 'retry') {
      res = await c.query(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = $2, last_error = $3, lease_until = NULL,
           updated_at = $4 WHERE id = $1 AND status = 'sending'`,
        [id, result.nextAttemptAt, result.error, now],
      );
      if (result.block) {
        await c.query(
          `INSERT INTO send_blocks (key, until, reason) SELECT k, $2, $3 FROM unnest($1::text[]) k
           ON CONFLICT (key) DO UPDATE SET until = greatest(send_blocks.until, EXCLUDED.until),
             reason = EXCLUDED.reason`,
          [result.block.keys, result.block.until, result.error],
        );
      }
    } else {
      res = await c.query(
        `UPDATE deliveries SET status = 'dead', last_error = $2, lease_until = NULL, updated_at = $3
         WHERE id = $1 AND status = 'sending'`,
        [id, result.error, now],
      );
    }
    return (res.rowCount ?? 0) > 0;
  });
}

async function upsertCard(c: import('./pool.js').PoolClient, card: CardRecord, now: Date): Promise<void> {
  await c.query(
    `INSERT INTO alert_cards (alert_id, target, channel, seq, idem_key, ref, response_codes, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::text IS NULL THEN '[]'::jsonb ELSE jsonb_build_array($7::text) END, $8)
     ON CONFLICT (alert_id, target) DO UPDATE SET seq = EXCLUDED.seq, idem_key = EXCLUDED.idem_key,
       ref = EXCLUDED.ref, updated_at = EXCLUDED.updated_at,
       response_codes = alert_cards.response_codes
         || CASE WHEN $7::text IS NULL THEN '[]'::jsonb ELSE jsonb_build_array($7::text) END`,
    [
      card.alertId,
      card.target,
      card.channel,
      card.seq,
      card.idemKey,
      JSON.stringify(card.ref),
      card.responseCode ?? null,
      now,
    ],
  );
}

/** Drops budget history nobody will read again (the windows are one minute). */
export async function pruneBudget(pool: Pool, now: Date): Promise<void> {
  await pool.query(`DELETE FROM send_budget WHERE at < $1::timestamptz - interval '10 minutes'`, [now]);
  await pool.query(`DELETE FROM send_blocks WHERE until < $1`, [now]);
}

/** Hands leased deliveries back unsent (their lease would run out mid-send); the budget charge stays. */
export async function releaseDeliveries(pool: Pool, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await pool.query(
    `UPDATE deliveries SET status = 'pending', lease_until = NULL, next_attempt_at = $2, updated_at = $2,
       attempts = greatest(attempts - 1, 0)
     WHERE id = ANY($1::uuid[]) AND status = 'sending'`,
    [ids, now],
  );
}
