// GET /api/v1/alerts and POST /api/v1/sweep (CONTRACT.md §3).
import type { FastifyInstance } from 'fastify';
import type { DetectionService } from '../../alerts/detection-service.js';
import { BadRequestError } from '../../lib/errors.js';
import type { AlertFilter } from '../../store/alert-list.js';
import type { AlertStore } from '../../store/alert-store.js';

const STATES = ['open', 'claimed', 'resolved', 'silenced'] as const;
const KINDS = ['stuck', 'suspect', 'logistics', 'refund'] as const;

type Query = Partial<
  Record<'state' | 'kind' | 'rule' | 'channel' | 'externalId' | 'limit' | 'cursor', string>
>;

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

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new BadRequestError(
    'invalid_query',
    `${name} 只能是 ${allowed.join(' | ')} / ${name} must be one of ${allowed.join(', ')}`,
  );
}

export function alertRoutes(
  app: FastifyInstance,
  deps: { alerts: Pick<AlertStore, 'list'>; detection: Pick<DetectionService, 'sweep'> },
): void {
  app.get<{ Querystring: Query }>('/api/v1/alerts', async (req) => {
    const q = req.query;
    const filter: AlertFilter = {
      state: oneOf('state', q.state, STATES),
      kind: oneOf('kind', q.kind, KINDS),
      rule: q.rule,
      channel: q.channel,
      externalId: q.externalId,
    };
    return deps.alerts.list(filter, parseLimit(q.limit), q.cursor ?? null);
  });
  app.post('/api/v1/sweep', async () => {
    const r = await deps.detection.sweep();
    return {
      opened: r.opened,
      resolved: r.resolved,
      changed: r.changed,
      rules: r.rules,
      took_ms: r.tookMs,
    };
  });
}
