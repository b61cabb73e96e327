// The dispatcher's short transaction per target: under the target's advisory lock, read what its budget
// has left, settle muted and superseded rows, let the policy choose, then lease what will be sent and
// charge the budget before any network call (failed sends count too: WeCom counts them).
import type { PoolClient } from './pool.js';
import { withTransaction } from './tx.js';
import type { Pool } from './pool.js';

export interface DueDelivery {
  id: string;
  alertId: string | null;
  kind: 'card' | 'digest';
  revision: number;
  attempts: number;
  createdAt: Date;
  payload: unknown;
  /** Folding material (null for digests). */
  rule: string | null;
  warehouse: string | null;
  channel: string | null;
  externalId: string | null;
  alertState: string | null;
  /** The platform ref of the card this alert already has at the target (null: none yet). */
  cardRef: Record<string, unknown> | null;
}

export interface Claimed extends DueDelivery {
  /** The attempt this lease is for (1 = first send). */
  attempt: number;
}

export interface ClaimPlan {
  send: DueDelivery[];
  fold: DueDelivery[];
  /** Ids in `send` that update a shown card in place: no new message, so no budget is spent on them. */
  inPlace?: readonly string[];
  /** The digest's frozen content, built from `fold`. */
  digestPayload?: unknown;
}

export interface ClaimRequest {
  target: {
    id: string;
    channel: string;
    team: string;
    budgets: readonly { key: string; perMinute: number }[];
    /** Its cards can be changed in place: a send that may have been shown is finished before newer ones. */
    updatable?: boolean;
  };
  now: Date;
  leaseMs: number;
  choose(due: DueDelivery[], used: Map<string, number>): ClaimPlan;
}

export async function claimDue(
  pool: Pool,
  req: ClaimRequest,
): Promise<{ claimed: Claimed[]; blockedUntil: Date | null }> {
  return withTransaction(pool, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('ow-target:' || $1))`, [req.target.id]);
    const keys = req.target.budgets.map((b) => b.key);
    const blocked = await c.query<{ until: Date | null }>(
      `SELECT max(until) AS until FROM send_blocks WHERE key = ANY($1::text[]) AND until > $2`,
      [keys, req.now],
    );
    if (blocked.rows[0]?.until) return { claimed: [], blockedUntil: blocked.rows[0].until };
    const due = await settle(c, await selectDue(c, req.target.id, req.now), req.now, req.target.updatable);
    if (due.length === 0) return { claimed: [], blockedUntil: null };
    const plan = req.choose(due, await usedBudget(c, keys, req.now));
    const claimed: Claimed[] = [];
    if (plan.fold.length > 0) claimed.push(await foldIntoDigest(c, req, plan));
    if (plan.send.length > 0) {
      await c.query(
        `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, lease_until = $2, updated_at = $3
         WHERE id = ANY($1::uuid[])`,
        [plan.send.map((d) => d.id), new Date(req.now.getTime() + req.leaseMs), req.now],
      );
      claimed.push(...plan.send.map((d) => ({ ...d, attempt: d.attempts + 1 })));
    }
    const free = new Set(plan.inPlace ?? []);
    const charged = claimed.filter((x) => !free.has(x.id)).length;
    if (charged > 0 && keys.length > 0) {
      await c.query(
        `INSERT INTO send_budget (key, at) SELECT k, $2 FROM unnest($1::text[]) k, generate_series(1, $3)`,
        [keys, req.now, charged],
      );
    }
    return { claimed, blockedUntil: null };
  });
}

async function selectDue(c: PoolClient, target: string, now: Date): Promise<DueDelivery[]> {
  const res = await c.query(
    `SELECT d.id, d.alert_id AS "alertId", d.kind, d.revision, d.attempts, d.created_at AS "createdAt",
            d.payload, a.rule, o.warehouse, o.channel, o.external_id AS "externalId",
            a.state AS "alertState",
            -- A muted alert that resolved still updates a card this chat shows (to say it is resolved).
            CASE WHEN a.state = 'resolved' AND ac.alert_id IS NOT NULL THEN NULL ELSE a.muted_reason END
              AS "mutedReason", ac.ref AS "cardRef"
     FROM deliveries d
     LEFT JOIN alerts a ON a.id = d.alert_id
     LEFT JOIN orders o ON o.id = a.order_id
     LEFT JOIN alert_cards ac ON ac.alert_id = d.alert_id AND ac.target = d.target
     WHERE d.target = $1 AND d.status IN ('pending', 'sending') AND d.next_attempt_at <= $2
       AND (d.status = 'pending' OR d.lease_until < $2)
       -- One send per card at a time: while a revision is out (leased), the alert's newer ones wait.
       AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.alert_id = d.alert_id AND x.target = d.target
                         AND x.status = 'sending' AND x.lease_until >= $2 AND x.id <> d.id)
     ORDER BY d.created_at, d.id
     LIMIT 5000
     FOR UPDATE OF d SKIP LOCKED`,
    [target, now],
  );
  return res.rows as DueDelivery[];
}

/**
 * Of several due revisions of one alert only the newest is sent, and muted (unresolved) alerts are
 * recorded as muted — except, where cards can be changed in place, a first send tried before whose
 * outcome is unknown (its lease ran out when its process died, or it timed out): the chat may be showing
 * it, so it is finished first, resent under the same idempotency key (the platform recognises a repeat),
 * never superseded or muted, and what is newer for that alert waits for it and then updates that card.
 * Otherwise the card would never be recorded, so never updated: a held order's stuck alert would stay
 * "open" in that chat. (Where nothing can be updated, the newest revision is the one message to send.)
 */
async function settle(
  c: PoolClient,
  rows: (DueDelivery & { mutedReason?: string | null })[],
  now: Date,
  updatable = false,
) {
  type Row = DueDelivery & { mutedReason?: string | null };
  const tried = new Map<string, Row>();
  for (const r of rows) {
    if (!updatable || !r.alertId || r.kind !== 'card' || r.attempts === 0 || r.cardRef !== null) continue;
    const seen = tried.get(r.alertId);
    if (!seen || r.revision < seen.revision) tried.set(r.alertId, r);
  }
  const rest = rows.filter((r) => !r.alertId || !tried.has(r.alertId));
  const muted = rest.filter((r) => r.mutedReason);
  const newest = new Map<string, Row>();
  for (const r of rest) {
    if (r.mutedReason || !r.alertId) continue;
    const seen = newest.get(r.alertId);
    if (!seen || seen.revision < r.revision) newest.set(r.alertId, r);
  }
  const keep = rest.filter((r) => !r.mutedReason && (!r.alertId || newest.get(r.alertId) === r));
  const superseded = rest.filter((r) => !r.mutedReason && r.alertId && newest.get(r.alertId) !== r);
  const mark = async (ids: string[], status: string) => {
    if (ids.length === 0) return;
    await c.query(
      `UPDATE deliveries SET status = $2, lease_until = NULL, updated_at = $3 WHERE id = ANY($1::uuid[])`,
      [ids, status, now],
    );
  };
  await mark(
    muted.map((r) => r.id),
    'muted',
  );
  await mark(
    superseded.map((r) => r.id),
    'superseded',
  );
  return [...keep, ...tried.values()].map(({ mutedReason: _m, ...r }) => r as DueDelivery);
}

async function usedBudget(c: PoolClient, keys: string[], now: Date): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const res = await c.query<{ key: string; n: number }>(
    `SELECT key, count(*)::int AS n FROM send_budget
     WHERE key = ANY($1::text[]) AND at > $2::timestamptz - interval '60 seconds' GROUP BY key`,
    [keys, now],
  );
  return new Map(res.rows.map((r) => [r.key, r.n]));
}

async function foldIntoDigest(c: PoolClient, req: ClaimRequest, plan: ClaimPlan): Promise<Claimed> {
  const { now, target } = req;
  const res = await c.query<{ id: string; created_at: Date }>(
    `INSERT INTO deliveries (target, channel, team, kind, status, attempts, next_attempt_at, lease_until,
                             payload, created_at, updated_at)
     VALUES ($1, $2, $3, 'digest', 'sending', 1, $4, $5, $6, $4, $4) RETURNING id, created_at`,
    [
      target.id,
      target.channel,
      target.team,
      now,
      new Date(now.getTime() + req.leaseMs),
      JSON.stringify(plan.digestPayload),
    ],
  );
  const digest = res.rows[0]!;
  await c.query(
    `UPDATE deliveries SET status = 'digested', folded_into = $2, lease_until = NULL, updated_at = $3
     WHERE id = ANY($1::uuid[])`,
    [plan.fold.map((d) => d.id), digest.id, now],
  );
  return {
    id: digest.id,
    alertId: null,
    kind: 'digest',
    revision: 0,
    attempts: 0,
    attempt: 1,
    createdAt: digest.created_at,
    payload: plan.digestPayload,
    rule: null,
    warehouse: null,
    channel: null,
    externalId: null,
    alertState: null,
    cardRef: null,
  };
}
