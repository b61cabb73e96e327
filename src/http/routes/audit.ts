// GET /api/v1/audit (CONTRACT.md §3): who did what to which order, when and from where; newest first.
import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../../lib/errors.js';
import { decodeCursor } from '../../store/audit-read.js';
import type { InteractionStore } from '../../store/interaction-store.js';

type Query = Partial<Record<'channel' | 'externalId' | 'actor' | 'limit' | 'cursor', string>>;

function parseLimit(v: string | undefined): number {
  if (v === undefined) return 100;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new BadRequestError(
      'invalid_query',
      'limit 必须是 1 到 10000 的整数 / limit must be an integer from 1 to 10000',
    );
  }
  return n;
}

function checkCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  try {
    decodeCursor(cursor);
  } catch {
    throw new BadRequestError(
      'invalid_query',
      'cursor 无效，请使用上一页返回的 next / cursor must be a `next` value',
    );
  }
  return cursor;
}

export function auditRoutes(app: FastifyInstance, deps: { audit: Pick<InteractionStore, 'audit'> }): void {
  app.get<{ Querystring: Query }>('/api/v1/audit', async (req) => {
    const q = req.query;
    const filter = {
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.externalId ? { externalId: q.externalId } : {}),
      ...(q.actor ? { actor: q.actor } : {}),
    };
    return deps.audit.audit(filter, parseLimit(q.limit), checkCursor(q.cursor));
  });
}
