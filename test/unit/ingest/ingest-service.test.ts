import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src/domain/event.js';
import type { OrderInput } from '../../../src/domain/order.js';
import { createIngestService } from '../../../src/ingest/ingest-service.js';
import { fakeClock } from '../../../src/lib/clock.js';
import type { EventOutcome } from '../../../src/store/order-store.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

/** A store that records what it was asked to write and the order of calls. */
function fakeStore(opts: { changed?: boolean; fail?: boolean } = {}) {
  const calls: string[] = [];
  return {
    calls,
    async upsertOrders(orders: readonly OrderInput[]) {
      calls.push(`upsert:${orders.length}`);
      if (opts.fail) throw new Error('db down');
      return orders.map((o) => ({ id: `id-${o.externalId}`, changed: opts.changed ?? true, inserted: true }));
    },
    async appendEvents(events: readonly EventInput[]): Promise<EventOutcome[]> {
      calls.push(`append:${events.length}`);
      return events.map((e) =>
        e.externalId === 'GONE'
          ? { ok: false, reason: 'unknown_order' }
          : { ok: true, orderId: `id-${e.externalId}`, id: `ev-${e.type}`, isNew: e.type !== 'packed' },
      );
    },
  };
}

const make = (
  store: ReturnType<typeof fakeStore>,
  afterCommit = async (ids: string[]) => void store.calls.push(`handOn:${ids.join(',')}`),
) => {
  const errors: unknown[] = [];
  const svc = createIngestService({
    store,
    clock: fakeClock('2026-11-22T04:00:00Z'),
    afterCommit,
    onAfterCommitError: (e) => errors.push(e),
  });
  return { svc, errors };
};

describe('ingest service', () => {
  it('hands the changed orders on only after the store has written them', async () => {
    const store = fakeStore();
    await make(store).svc.ingestOrders({
      orders: [orderBody({ externalId: 'A' }), orderBody({ externalId: 'B' })],
    });
    expect(store.calls).toEqual(['upsert:2', 'handOn:id-A,id-B']);
  });

  it('hands nothing on when nothing changed', async () => {
    const store = fakeStore({ changed: false });
    const { results } = await make(store).svc.ingestOrders({ orders: [orderBody()] });
    expect(results[0]).toMatchObject({ ok: true, unchanged: true });
    expect(store.calls).toEqual(['upsert:1']);
  });

  it('hands nothing on and fails the request when the write fails', async () => {
    const store = fakeStore({ fail: true });
    await expect(make(store).svc.ingestOrders({ orders: [orderBody()] })).rejects.toThrow('db down');
    expect(store.calls).toEqual(['upsert:1']);
  });

  it('still answers 200-style results when the hand-off fails after commit, and reports the failure', async () => {
    const store = fakeStore();
    const { svc, errors } = make(store, () => Promise.reject(new Error('redis down')));
    const { results } = await svc.ingestOrders({ orders: [orderBody()] });
    expect(results[0]!.ok).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('writes nothing when every item is invalid', async () => {
    const store = fakeStore();
    const { results } = await make(store).svc.ingestOrders({ orders: [{ channel: 'taobao' }] });
    expect(results[0]!.ok).toBe(false);
    expect(store.calls).toEqual([]);
  });

  it('keeps results in request order with invalid, duplicate and unknown-order items mixed', async () => {
    const store = fakeStore();
    const { results } = await make(store).svc.ingestEvents({
      events: [
        eventBody('picked', '2026-11-22T09:00:00+08:00'),
        { type: 'picked' },
        eventBody('packed', '2026-11-22T09:10:00+08:00'),
        eventBody('picked', '2026-11-22T09:00:00+08:00', {}, { externalId: 'GONE' }),
      ],
    });
    expect(results.map((r) => [r.index, r.ok, r.ok && r.duplicate === true])).toEqual([
      [0, true, false],
      [1, false, false],
      [2, true, true],
      [3, false, false],
    ]);
    expect(store.calls).toEqual(['append:3', 'handOn:id-TB20261122001']);
  });
});
