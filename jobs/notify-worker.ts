// Thin worker for the relay job: one full pass over the delivery outbox and the outbound decisions.
import type { DeliveryService } from '../src/notify/delivery-service.js';

export const notifyHandler =
  (delivery: Pick<DeliveryService, 'pump'>, outbound: { pump(): Promise<unknown> } | null = null) =>
  async () => {
    const r = await delivery.pump({ scanAll: true });
    await outbound?.pump();
    return r;
  };
