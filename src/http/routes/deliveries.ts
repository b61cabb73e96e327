// GET /api/v1/deliveries (the delivery log; ?status=dead lists dead letters) and
// POST /api/v1/deliveries/:id/retry (put a dead letter back in line).
import type { FastifyInstance } from 'fastify';
import { oneOf, parseLimit } from '../query.js';
import type { Clock } from '../../lib/clock.js';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import type { DeliveryStore } from '../../store/delivery-store.js';

const STATUSES = ['pending', 'sending', 'sent', 'muted', 'superseded', 'digested', 'dead'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Query = Partial<Record<'status' | 'alertId' | 'limit' | 'cursor', string>>;

export function deliveryRoutes(
  app: FastifyInstance,
  deps: { deliveries: Pick<DeliveryStore, 'list' | 'retryDead'>; clock: Clock },
): void {
  app.get<{ Querystring: Query }>('/api/v1/deliveries', async (req) => {
    const q = req.query;
    const status = oneOf('status', q.status, STATUSES);
    if (q.alertId !== undefined && !UUID.test(q.alertId)) {
      throw new BadRequestError('invalid_query', 'alertId 必须是 UUID / alertId must be a UUID');
    }
    const limit = parseLimit(q.limit, 1000);
    return deps.deliveries.list({ status, alertId: q.alertId }, limit, q.cursor ?? null);
  });
  app.post<{ Params: { id: string } }>('/api/v1/deliveries/:id/retry', async (req) => {
    const { id } = req.params;
    if (!UUID.test(id) || !(await deps.deliveries.retryDead(id, deps.clock.now()))) {
      throw new NotFoundError(`没有这条死信 / no dead delivery ${id}`);
    }
    return { ok: true, id };
  });
}
