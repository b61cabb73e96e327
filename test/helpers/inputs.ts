// Validated inputs built from contract bodies, for tests that call the store directly.
import type { EventInput } from '../../src/domain/event.js';
import type { OrderInput } from '../../src/domain/order.js';
import { validateEvent } from '../../src/ingest/validate-event.js';
import { validateOrder } from '../../src/ingest/validate-order.js';
import { eventBody, orderBody } from './orders.js';

export function orderInput(overrides: Record<string, unknown> = {}): OrderInput {
  const r = validateOrder(orderBody(overrides), '');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.order;
}

export function eventInput(
  type: string,
  at: string,
  data: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
): EventInput {
  const r = validateEvent(eventBody(type, at, data, overrides), '');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
}
