// Silences: matchers + a time window + who and why. Expiring one ends it now; nothing is deleted.
import type { Pool } from './pool.js';

export const SILENCE_FIELDS = ['kind', 'rule', 'severity', 'channel', 'warehouse', 'externalId'] as const;
export type SilenceMatchers = Partial<Record<(typeof SILENCE_FIELDS)[number], string>>;

export interface Silence {
  id: string;
  matchers: SilenceMatchers;
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  active: boolean;
}

const toSilence = (r: Record<string, unknown>, now: Date): Silence => ({
  id: r.id as string,
  matchers: r.matchers as SilenceMatchers,
  startsAt: (r.starts_at as Date).toISOString(),
  endsAt: (r.ends_at as Date).toISOString(),
  reason: r.reason as string,
  createdBy: r.created_by as string,
  createdAt: (r.created_at as Date).toISOString(),
  active: (r.starts_at as Date) <= now && (r.ends_at as Date) > now,
});

export async function createSilence(
  pool: Pool,
  s: { matchers: SilenceMatchers; startsAt: Date; endsAt: Date; reason: string; createdBy: string },
  now: Date,
): Promise<Silence> {
  const { rows } = await pool.query(
    `INSERT INTO silences (matchers, starts_at, ends_at, reason, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.reason, s.createdBy, now],
  );
  return toSilence(rows[0], now);
}

export async function listSilences(pool: Pool, now: Date, activeOnly: boolean): Promise<Silence[]> {
  const { rows } = await pool.query(
    `SELECT * FROM silences ${activeOnly ? 'WHERE starts_at <= $1 AND ends_at > $1' : 'WHERE $1::timestamptz IS NOT NULL'}
     ORDER BY ends_at DESC LIMIT 1000`,
    [now],
  );
  return rows.map((r) => toSilence(r, now));
}

/** Ends a silence now; null when there is no such silence. */
export async function expireSilence(pool: Pool, id: string, now: Date): Promise<Silence | null> {
  const { rows } = await pool.query(
    `UPDATE silences SET ends_at = LEAST(ends_at, $2) WHERE id = $1::uuid RETURNING *`,
    [id, now],
  );
  return rows[0] ? toSilence(rows[0], now) : null;
}

/** Snoozes one unresolved alert until `until`; false when it is not open. */
export async function snoozeAlert(pool: Pool, alertId: string, until: Date): Promise<boolean> {
  const res = await pool.query(
    `UPDATE alerts SET snoozed_until = $2, active_escalation_job = NULL WHERE id = $1::uuid AND state <> 'resolved'`,
    [alertId, until],
  );
  return (res.rowCount ?? 0) > 0;
}
