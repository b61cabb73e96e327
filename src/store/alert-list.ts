// GET /api/v1/alerts: filters, newest first, keyset pagination with an opaque cursor.
import { BadRequestError } from '../lib/errors.js';
import type { Pool } from './pool.js';

export interface AlertFilter {
  state?: 'open' | 'claimed' | 'resolved' | 'silenced';
  kind?: string;
  rule?: string;
  channel?: string;
  externalId?: string;
  orderId?: string;
}

export interface AlertView {
  id: string;
  rule: string;
  kind: string;
  severity: string;
  state: string;
  order: { channel: string; externalId: string };
  openedAt: string;
  claimedBy: string | null;
  level: number;
  summary: string;
  team: string | null;
  mutedReason: string | null;
  resolvedAt: string | null;
  resolveReason: string | null;
  details: unknown;
}

const encode = (openedAt: Date, id: string) =>
  Buffer.from(`${openedAt.toISOString()}|${id}`).toString('base64url');

function decode(cursor: string): [Date, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const d = new Date(at ?? '');
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new BadRequestError('invalid_cursor', '分页游标无效，请使用上一页返回的 next / invalid cursor');
  }
  return [d, id];
}

export async function listAlerts(
  pool: Pool,
  f: AlertFilter,
  limit: number,
  cursor: string | null,
): Promise<{ alerts: AlertView[]; next: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.state === 'silenced') where.push(`a.state <> 'resolved' AND a.muted_reason IS NOT NULL`);
  else if (f.state) add('a.state = ?', f.state);
  if (f.kind) add('a.kind = ?', f.kind);
  if (f.rule) add('a.rule = ?', f.rule);
  if (f.channel) add('o.channel = ?', f.channel);
  if (f.externalId) add('o.external_id = ?', f.externalId);
  if (f.orderId) add('a.order_id = ?::uuid', f.orderId);
  if (cursor) {
    const [at, id] = decode(cursor);
    params.push(at, id);
    where.push(`(a.opened_at, a.id) < ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  const { rows } = await pool.query(
    `SELECT a.*, o.channel, o.external_id FROM alerts a JOIN orders o ON o.id = a.order_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY a.opened_at DESC, a.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    alerts: page.map(toView),
    next: rows.length > limit && last ? encode(last.opened_at, last.id) : null,
  };
}

function toView(r: Record<string, unknown>): AlertView {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
  return {
    id: r.id as string,
    rule: r.rule as string,
    kind: r.kind as string,
    severity: r.severity as string,
    state: r.state as string,
    order: { channel: r.channel as string, externalId: r.external_id as string },
    openedAt: iso(r.opened_at)!,
    claimedBy: (r.claimed_by as string | null) ?? null,
    level: r.level as number,
    summary: r.summary as string,
    team: (r.team as string | null) ?? null,
    mutedReason: (r.muted_reason as string | null) ?? null,
    resolvedAt: iso(r.resolved_at),
    resolveReason: (r.resolve_reason as string | null) ?? null,
    details: r.details,
  };
}
