// GET /api/v1/audit (CONTRACT.md §3): who did what to which order, when and from where; newest first.
import type { FastifyInstance } from 'fastify';
import { parseLimit } from '../query.js';
import { BadRequestError } from '../../lib/errors.js';
import { decodeCursor } from '../../store/audit-read.js';
import type { InteractionStore } from '../../store/interaction-store.js';

type Query = Partial<Record<'channel' | 'externalId' | 'actor' | 'limit' | 'cursor', string>>;

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
