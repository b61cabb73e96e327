// GET /api/v1/audit and the order's audit trail (CONTRACT.md §3): newest first, keyset cursor on (at, id).
// Confirmation questions and text that named no command are kept for redeliveries but are not listed.
import type { Pool } from './pool.js';

export interface AuditEntry {
  id: string;
  at: string;
  actor: { personId: string | null; name: string | null; platform: string; platformUserId: string };
  action: string;
  args: Record<string, unknown>;
  result: 'ok' | 'denied' | 'conflict' | 'error';
  message: string;
  order: { channel: string; externalId: string } | null;
  alertId: string | null;
}

export interface AuditFilter {
  channel?: string;
  externalId?: string;
  orderId?: string;
  /** A person id or a platform user id. */
  actor?: string;
}

const LISTED = `a.result IN ('ok', 'denied', 'conflict', 'error') AND a.action <> 'unknown'`;

export async function listAudit(
  pool: Pool,
  filter: AuditFilter,
  limit: number,
  cursor: string | null,
): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const where = [LISTED];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    let s = sql;
    for (const v of values) {
      params.push(v);
      s = s.replace('?', `$${params.length}`);
    }
    where.push(s);
  };
  if (filter.channel) add('a.order_channel = ?', filter.channel);
  if (filter.externalId) add('a.order_external_id = ?', filter.externalId);
  if (filter.orderId) add('a.order_id = ?::uuid', filter.orderId);
  if (filter.actor) add('(a.person_id = ? OR a.platform_user_id = ?)', filter.actor, filter.actor);
  const after = decodeCursor(cursor);
  if (after) add('(a.at, a.id) < (?::timestamptz, ?::uuid)', after.at, after.id);
  params.push(limit + 1);
  const { rows } = await pool.query(
    `SELECT a.* FROM actions a WHERE ${where.join(' AND ')}
     ORDER BY a.at DESC, a.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next =
    rows.length > limit && last
      ? Buffer.from(`${(last.at as Date).toISOString()}|${last.id}`).toString('base64url')
      : null;
  return { entries: page.map(toEntry), next };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor we did not make is an error the route reports, not a silently empty page. */
export function decodeCursor(cursor: string | null): { at: string; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || !UUID.test(id) || Number.isNaN(Date.parse(at))) throw new Error('bad cursor');
  return { at, id };
}

function toEntry(r: Record<string, unknown>): AuditEntry {
  return {
    id: r.id as string,
    at: (r.at as Date).toISOString(),
    actor: {
      personId: (r.person_id as string | null) ?? null,
      name: (r.actor_name as string | null) ?? null,
      platform: r.platform as string,
      platformUserId: r.platform_user_id as string,
    },
    action: r.action as string,
    args: (r.args ?? {}) as Record<string, unknown>,
    result: r.result as AuditEntry['result'],
    message: r.message as string,
    order: r.order_channel
      ? { channel: r.order_channel as string, externalId: r.order_external_id as string }
      : null,
    alertId: (r.alert_id as string | null) ?? null,
  };
}
