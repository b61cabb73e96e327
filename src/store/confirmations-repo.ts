// Typed commands that ask "确认？" first: one waiting command per person and platform, until it expires.
import type { PoolClient } from './pool.js';

export async function putConfirmation(
  c: PoolClient,
  p: { personId: string; platform: string; command: unknown; expiresAt: Date },
  now: Date,
): Promise<void> {
  await c.query(
    `INSERT INTO pending_confirmations (person_id, platform, command, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (person_id, platform) DO UPDATE SET command = $3, created_at = $4, expires_at = $5`,
    [p.personId, p.platform, JSON.stringify(p.command), now, p.expiresAt],
  );
}

/** Takes (deletes and returns) the person's waiting command, if it has not expired. */
export async function takeConfirmation(
  c: PoolClient,
  personId: string,
  platform: string,
  now: Date,
): Promise<unknown> {
  const { rows } = await c.query<{ command: unknown; expires_at: Date }>(
    `DELETE FROM pending_confirmations WHERE person_id = $1 AND platform = $2 RETURNING command, expires_at`,
    [personId, platform],
  );
  const r = rows[0];
  return r && r.expires_at > now ? r.command : null;
}
