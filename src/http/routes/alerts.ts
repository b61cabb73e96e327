// GET /api/v1/alerts and POST /api/v1/sweep (CONTRACT.md §3).
import type { FastifyInstance } from 'fastify';
import { parseLimit, oneOf } from '../query.js';
import type { DetectionService } from '../../alerts/detection-service.js';
import type { AlertFilter } from '../../store/alert-list.js';
import type { AlertStore } from '../../store/alert-store.js';

const STATES = ['open', 'claimed', 'resolved', 'silenced'] as const;
const KINDS = ['stuck', 'suspect', 'logistics', 'refund'] as const;

type Query = Partial<
  Record<'state' | 'kind' | 'rule' | 'channel' | 'externalId' | 'limit' | 'cursor', string>
>;

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
