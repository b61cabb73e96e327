// Thin worker for the relay job: one full pass over the delivery outbox, then the other periodic
// senders (outbound decisions, customer notices, the daily report), each failure kept to itself.
import type { DeliveryService } from '../src/notify/delivery-service.js';

export interface Pumpable {
  name: string;
  pump(): Promise<unknown>;
}

export const notifyHandler =
  (
    delivery: Pick<DeliveryService, 'pump'>,
    others: readonly Pumpable[] = [],
    onError?: (name: string, err: unknown) => void,
  ) =>
  async () => {
    const r = await delivery.pump({ scanAll: true });
    for (const o of others) await o.pump().catch((err) => onError?.(o.name, err));
    return r;
  };
