// A WeCom card click carries a fresh, single-use response_code: kept on the card so the next update of
// that card (after the click's action commits) can use it (wecom.md §4.2).
import type { Pool } from './pool.js';

export async function rememberResponseCode(
  pool: Pool,
  taskId: string,
  code: string,
  at: Date,
): Promise<boolean> {
  const res = await pool.query(
    `UPDATE alert_cards SET
       ref = ref || jsonb_build_object('responseCode', $2::text, 'responseCodeAt', $3::text),
       response_codes = response_codes || jsonb_build_array($2::text),
       updated_at = $4
     WHERE idem_key = $1`,
    [taskId, code, at.toISOString(), at],
  );
  return (res.rowCount ?? 0) > 0;
}
