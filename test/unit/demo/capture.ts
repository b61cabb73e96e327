// A stand-in ingest service for the demo feed's unit tests: validates every body as the real one does,
// remembers what arrived, and refuses an event whose order was never posted.
import type { DemoFeedDeps } from '../../../src/demo/feed.js';
import type { BatchResult } from '../../../src/ingest/results.js';
import { validateEvent } from '../../../src/ingest/validate-event.js';
import { validateOrder } from '../../../src/ingest/validate-order.js';

export type Body = Record<string, unknown>;

export interface Capture {
  ingest: DemoFeedDeps['ingest'];
  orders: Body[];
  events: Body[];
  problems: string[];
}

export const silentLog: DemoFeedDeps['log'] = { info: () => {}, warn: () => {} } as never;

export function captureIngest(): Capture {
  const c: Capture = { orders: [], events: [], problems: [], ingest: null as never };
  const known = new Set<string>();
  const key = (b: Body) => `${String(b.channel)}/${String(b.externalId)}`;
  c.ingest = {
    async ingestOrders(body): Promise<BatchResult> {
      const orders = (body as { orders: Body[] }).orders;
      return {
        results: orders.map((o, index) => {
          const r = validateOrder(o, `/orders/${index}`);
          if (!r.ok) c.problems.push(`${key(o)}: ${JSON.stringify(r.issues)}`);
          c.orders.push(o);
          known.add(key(o));
          return r.ok ? { index, ok: true, id: key(o) } : { index, ok: false, errors: r.issues };
        }),
      };
    },
    async ingestEvents(body): Promise<BatchResult> {
      const events = (body as { events: Body[] }).events;
      return {
        results: events.map((e, index) => {
          const r = validateEvent(e, `/events/${index}`);
          if (!r.ok) c.problems.push(`${key(e)} ${String(e.type)}: ${JSON.stringify(r.issues)}`);
          if (!known.has(key(e))) c.problems.push(`${key(e)}: event before its order`);
          c.events.push(e);
          return r.ok ? { index, ok: true, id: key(e) } : { index, ok: false, errors: r.issues };
        }),
      };
    },
  };
  return c;
}
