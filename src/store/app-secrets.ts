// A secret the deployment makes once and every process shares (e.g. the key that signs order-page
// links when ORDERWATCH_LINK_SECRET is not set): the first writer wins, everyone reads the same value.
import { randomBytes } from 'node:crypto';
import type { Pool } from './pool.js';

export async function loadOrCreateSecret(pool: Pool, name: string, now: Date): Promise<string> {
  await pool.query(
    `INSERT INTO app_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
    [name, randomBytes(32).toString('base64url'), now],
  );
  const res = await pool.query<{ value: string }>(`SELECT value FROM app_secrets WHERE name = $1`, [name]);
  return res.rows[0]!.value;
}
