// validate → upsert in one transaction → hand the touched orders on after commit (never before).
import type { EventInput } from '../domain/event.js';
import type { OrderInput } from '../domain/order.js';
import type { Clock } from '../lib/clock.js';
import type { Issue } from '../lib/errors.js';
import type { OrderStore } from '../store/order-store.js';
import { readEnvelope } from './envelope.js';
import { failed, type BatchResult, type ItemResult } from './results.js';
import { validateEvent } from './validate-event.js';
import { validateOrder } from './validate-order.js';

export interface IngestDeps {
  store: Pick<OrderStore, 'upsertOrders' | 'appendEvents'>;
  clock: Clock;
  /** Called after commit with the orders whose state changed (re-detection). Failures are reported, not thrown. */
  afterCommit: (orderIds: string[]) => Promise<void>;
  onAfterCommitError?: (err: unknown) => void;
}

export interface IngestService {
  ingestOrders(body: unknown): Promise<BatchResult>;
  ingestEvents(body: unknown): Promise<BatchResult>;
  /** Orders already validated elsewhere (channel mappings); `invalid` keeps their per-item errors. */
  storeOrders(valid: { index: number; order: OrderInput }[], invalid: ItemResult[]): Promise<BatchResult>;
}

function check<T>(
  items: unknown[],
  base: string,
  validate: (v: unknown, path: string) => { ok: true; value: T } | { ok: false; issues: Issue[] },
): { valid: { index: number; value: T }[]; invalid: ItemResult[] } {
  const valid: { index: number; value: T }[] = [];
  const invalid: ItemResult[] = [];
  items.forEach((item, index) => {
    const r = validate(item, `${base}/${index}`);
    if (r.ok) valid.push({ index, value: r.value });
    else invalid.push(failed(index, r.issues));
  });
  return { valid, invalid };
}

const sortByIndex = (results: ItemResult[]) => results.sort((a, b) => a.index - b.index);

export function createIngestService(deps: IngestDeps): IngestService {
  const handOn = async (ids: string[]) => {
    if (ids.length === 0) return;
    try {
      await deps.afterCommit([...new Set(ids)]);
    } catch (err) {
      deps.onAfterCommitError?.(err);
    }
  };

  const storeOrders: IngestService['storeOrders'] = async (valid, invalid) => {
    const orders = valid.map((v) => v.order);
    const stored = orders.length ? await deps.store.upsertOrders(orders, deps.clock.now()) : [];
    const results: ItemResult[] = [...invalid];
    stored.forEach((s, i) => {
      const r: ItemResult = { index: valid[i]!.index, ok: true, id: s.id };
      if (!s.changed) r.unchanged = true;
      results.push(r);
    });
    await handOn(stored.filter((s) => s.changed).map((s) => s.id));
    return { results: sortByIndex(results) };
  };

  return {
    storeOrders,
    async ingestOrders(body) {
      const items = readEnvelope(body, 'orders');
      const { valid, invalid } = check<OrderInput>(items, '/orders', (v, p) => {
        const r = validateOrder(v, p);
        return r.ok ? { ok: true, value: r.order } : r;
      });
      return storeOrders(
        valid.map((v) => ({ index: v.index, order: v.value })),
        invalid,
      );
    },
    async ingestEvents(body) {
      const items = readEnvelope(body, 'events');
      const { valid, invalid } = check<EventInput>(items, '/events', (v, p) => {
        const r = validateEvent(v, p);
        return r.ok ? { ok: true, value: r.event } : r;
      });
      const outcomes = valid.length
        ? await deps.store.appendEvents(
            valid.map((v) => v.value),
            deps.clock.now(),
          )
        : [];
      const results: ItemResult[] = [...invalid];
      const touched: string[] = [];
      outcomes.forEach((o, i) => {
        const { index, value } = valid[i]!;
        if (!o.ok) {
          const msg = `订单不存在：${value.channel}/${value.externalId}，请先推送订单 / unknown order; post the order first`;
          results.push(failed(index, [{ path: `/events/${index}/externalId`, message: msg }]));
          return;
        }
        results.push(
          o.isNew ? { index, ok: true, id: o.id } : { index, ok: true, id: o.id, duplicate: true },
        );
        if (o.isNew) touched.push(o.orderId);
      });
      await handOn(touched);
      return { results: sortByIndex(results) };
    },
  };
}
