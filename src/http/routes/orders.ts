// GET /api/v1/orders/:channel/:externalId — the order, its timeline, its alerts and its audit trail.
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import type { AlertStore } from '../../store/alert-store.js';
import type { InteractionStore } from '../../store/interaction-store.js';
import type { OrderStore } from '../../store/order-store.js';

export function orderRoutes(
  app: FastifyInstance,
  deps: {
    store: Pick<OrderStore, 'getOrder'>;
    alerts: Pick<AlertStore, 'list'>;
    audit?: Pick<InteractionStore, 'audit'>;
  },
): void {
  app.get<{ Params: { channel: string; externalId: string } }>(
    '/api/v1/orders/:channel/:externalId',
    async (req) => {
      const { channel, externalId } = req.params;
      const view = await deps.store.getOrder(channel, externalId);
      if (!view) throw new NotFoundError(`订单不存在：${channel}/${externalId} / order not found`);
      const { events, ...order } = view;
      const { alerts } = await deps.alerts.list({ orderId: view.id }, 1000, null);
      // Newest first, as GET /api/v1/audit lists them.
      const audit = deps.audit ? (await deps.audit.audit({ orderId: view.id }, 1000, null)).entries : [];
      return { order, events, alerts, audit };
    },
  );
}
