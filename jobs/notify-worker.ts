// Thin worker for the delivery relay job: one full pass over the outbox.
import type { DeliveryService } from '../src/notify/delivery-service.js';

export const notifyHandler = (delivery: Pick<DeliveryService, 'pump'>) => () =>
  delivery.pump({ scanAll: true });
