// What the API and /readyz read about customer notices: counts by status and a filtered, newest-first list.
import type { Pool } from './pool.js';

export interface NoticeFilter {
  status?: string;
  channel?: string;
  externalId?: string;
  limit?: number;
}

export interface NoticeRow {
  id: string;
  orderChannel: string;
  externalId: string;
  kind: string;
  status: string;
  reason: string | null;
  channel: string | null;
  attempts: number;
  sendAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  lastError: string | null;
  text: string | null;
  createdAt: Date;
}

export function createCustomerReadStore(pool: Pool) {
  return {
    async counts(): Promise<Record<string, number>> {
      const res = await pool.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM customer_notices GROUP BY status`,
      );
      return Object.fromEntries(res.rows.map((r) => [r.status, r.n]));
    },
    async list(f: NoticeFilter): Promise<NoticeRow[]> {
      const res = await pool.query<NoticeRow>(
        `SELECT n.id, o.channel AS "orderChannel", o.external_id AS "externalId", n.kind, n.status, n.reason,
                n.channel, n.attempts, n.send_at AS "sendAt", n.next_attempt_at AS "nextAttemptAt",
                n.sent_at AS "sentAt", n.last_error AS "lastError", n.text, n.created_at AS "createdAt"
         FROM customer_notices n JOIN orders o ON o.id = n.order_id
         WHERE ($1::text IS NULL OR n.status = $1) AND ($2::text IS NULL OR o.channel = $2)
           AND ($3::text IS NULL OR o.external_id = $3)
         ORDER BY n.created_at DESC, n.id DESC LIMIT $4`,
        [f.status ?? null, f.channel ?? null, f.externalId ?? null, Math.min(f.limit ?? 100, 1000)],
      );
      return res.rows;
    },
  };
}

export type CustomerReadStore = ReturnType<typeof createCustomerReadStore>;
