// What customers told us: opt-outs (by phone hash only) and open 微信客服 sessions.
import type { Pool } from './pool.js';

export interface KfSessionInput {
  openKfid: string;
  externalUserId: string;
  phoneHash: string;
  /** When the customer last wrote: the 48 h / 5-message window restarts from here. */
  at: Date;
}

export function createCustomerPrefsStore(pool: Pool) {
  return {
    /** true when newly added. */
    async optOut(phoneHash: string, now: Date): Promise<boolean> {
      const res = await pool.query(
        `INSERT INTO customer_opt_outs (phone_hash, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [phoneHash, now],
      );
      return (res.rowCount ?? 0) > 0;
    },
    /** true when an opt-out was removed. */
    async optIn(phoneHash: string): Promise<boolean> {
      const res = await pool.query(`DELETE FROM customer_opt_outs WHERE phone_hash = $1`, [phoneHash]);
      return (res.rowCount ?? 0) > 0;
    },
    async isOptedOut(phoneHash: string): Promise<boolean> {
      const res = await pool.query(`SELECT 1 FROM customer_opt_outs WHERE phone_hash = $1`, [phoneHash]);
      return (res.rowCount ?? 0) > 0;
    },
    /** The customer wrote: open or renew the window (a message older than the stored one changes nothing). */
    async recordKfSession(s: KfSessionInput): Promise<void> {
      await pool.query(
        `INSERT INTO kf_sessions (open_kfid, external_userid, phone_hash, last_customer_message_at, sent_since)
         VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (open_kfid, external_userid) DO UPDATE SET phone_hash = EXCLUDED.phone_hash,
           last_customer_message_at = EXCLUDED.last_customer_message_at, sent_since = 0
         WHERE kf_sessions.last_customer_message_at < EXCLUDED.last_customer_message_at`,
        [s.openKfid, s.externalUserId, s.phoneHash, s.at],
      );
    },
  };
}

export type CustomerPrefsStore = ReturnType<typeof createCustomerPrefsStore>;
