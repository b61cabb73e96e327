// The worker's batched level application on the real Postgres: a batch applies only its live timers
// (stale ones are inert), and a batch whose process dies before commit — the apply statement runs in a
// transaction that is rolled back, then throws — leaves every job of it retryable, changes nothing, and
// a retry applies each level exactly once (directly through the batcher, and through real BullMQ jobs).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEscalationTimers, startEscalateWorker } from '../../../jobs/escalate-worker.js';
import { createQueueKit } from '../../../jobs/queues.js';
import { createFireBatcher, type EscalationTimer } from '../../../src/escalation/index.js';
import { fakeClock, systemClock } from '../../../src/lib/clock.js';
import { claimAlert } from '../../../src/store/alert-actions.js';
import type { Pool } from '../../../src/store/pool.js';
import { withTransaction } from '../../../src/store/tx.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { REDIS_URL } from '../../helpers/env.js';
import {
  alertRow,
  buildService,
  escalatedLevels,
  insertAlerts,
  lvl,
  recorder,
  seedPeople,
  type Recorder,
} from './fixture.js';

const T0 = new Date('2026-11-23T02:00:00Z'); // 10:00 Shanghai
const POLICIES = { default: [lvl(10 * 60_000, ['zhangsan']), lvl(20 * 60_000, ['boss'])] };

let db: TestDatabase;
let rec: Recorder;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedPeople(db.pool, T0);
});
afterAll(async () => db?.drop());
beforeEach(async () => {
  await db.pool.query('TRUNCATE alerts, orders CASCADE');
  rec = recorder();
});

/**
 * The pool, except that while `dying()` the statement that applies levels runs inside a transaction
 * that is rolled back, and then throws: the process "died" after the statement, before its commit.
 */
function dyingPool(pool: Pool, dying: () => boolean) {
  /** Per death, the alerts whose levels the statement would have applied. */
  const died: string[][] = [];
  const proxy = new Proxy(pool, {
    get(target, prop) {
      if (prop === 'query')
        return async (sql: string, params?: unknown[]) => {
          if (typeof sql !== 'string' || !sql.includes('INSERT INTO alert_history') || !dying())
            return target.query(sql, params);
          const c = await target.connect();
          try {
            await c.query('BEGIN');
            await c.query(sql, params);
          } finally {
            await c.query('ROLLBACK');
            c.release();
          }
          died.push((JSON.parse(String(params![0])) as { alert_id: string }[]).map((r) => r.alert_id));
          throw new Error('process died before commit');
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { pool: proxy, died };
}

/** Alerts opened at T0 with their first timer scheduled (recorded), and those timers. */
async function pending(n: number, svc: ReturnType<typeof buildService>) {
  const ids = await insertAlerts(db.pool, n, { openedAt: T0 });
  await svc.sync();
  const timers = ids.map((id) => rec.scheduled.find((s) => s.timer.alertId === id)!.timer);
  return { ids, timers };
}

describe('batched level application', () => {
  it('applies only the live timers of a batch; stale ones (claimed, foreign id, duplicate) are inert', async () => {
    const clock = fakeClock(T0);
    const svc = buildService(db.pool, clock, POLICIES, rec);
    const { ids, timers } = await pending(2, svc);
    const [live, claimed] = ids as [string, string];
    await withTransaction(db.pool, (c) => claimAlert(c, claimed, 'zhangsan', clock.now()));
    clock.set('2026-11-23T02:10:00Z');
    const calls: EscalationTimer[][] = [];
    const batcher = createFireBatcher(
      (ts) => {
        calls.push([...ts]);
        return svc.fireMany(ts);
      },
      { maxWaitMs: 50 },
    );
    const outcomes = await Promise.all([
      batcher.submit(timers[0]!),
      batcher.submit(timers[1]!),
      batcher.submit({ alertId: live, jobId: `stale-${randomUUID()}`, level: 1 }),
      batcher.submit(timers[0]!),
    ]);
    await batcher.drain();
    expect(calls.map((c) => c.length)).toEqual([4]);
    expect(outcomes.map((o) => o.kind)).toEqual(['fired', 'stale', 'stale', 'stale']);
    expect(await escalatedLevels(db.pool, live)).toEqual([1]);
    expect(await escalatedLevels(db.pool, claimed)).toEqual([]);
    expect(await alertRow(db.pool, claimed)).toMatchObject({ level: 0, active_escalation_job: null });
    expect(rec.reached.map((r) => [r.alertId, r.level])).toEqual([[live, 1]]);
    const next = rec.scheduled[rec.scheduled.length - 1]!.timer;
    expect(next).toMatchObject({ alertId: live, level: 2 });
    expect((await alertRow(db.pool, live)).active_escalation_job).toBe(next.jobId);
  });

  it('leaves every job of a batch that died before commit retryable, and a retry applies each level once', async () => {
    const clock = fakeClock(T0);
    let dying = true;
    const d = dyingPool(db.pool, () => dying);
    const svc = buildService(d.pool, clock, POLICIES, rec);
    const { ids, timers } = await pending(3, svc);
    const stale = { alertId: ids[0]!, jobId: `stale-${randomUUID()}`, level: 1 };
    const batch = [...timers, stale];
    const before = await Promise.all(ids.map((id) => alertRow(db.pool, id)));
    clock.set('2026-11-23T02:10:00Z');
    const batcher = createFireBatcher(svc.fireMany, { maxWaitMs: 50 });
    const first = await Promise.allSettled(batch.map((t) => batcher.submit(t)));
    await batcher.drain();
    expect(d.died.map((ids) => ids.length)).toEqual([3]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(await Promise.all(ids.map((id) => alertRow(db.pool, id)))).toEqual(before);
    for (const id of ids) expect(await escalatedLevels(db.pool, id)).toEqual([]);
    expect(rec.reached).toEqual([]);

    dying = false; // the jobs come back (BullMQ retries them)
    const retry = await Promise.all(batch.map((t) => batcher.submit(t)));
    await batcher.drain();
    expect(retry.map((o) => o.kind)).toEqual(['fired', 'fired', 'fired', 'stale']);
    const again = await Promise.all(batch.map((t) => batcher.submit(t)));
    await batcher.drain();
    expect(again.map((o) => o.kind)).toEqual(['stale', 'stale', 'stale', 'stale']);
    for (const id of ids) expect(await escalatedLevels(db.pool, id)).toEqual([1]);
    expect(rec.reached.map((r) => r.alertId).sort()).toEqual([...ids].sort());
  });

  it('retries the BullMQ jobs of a batch that died before commit: each level applied exactly once', async () => {
    let deaths = 1;
    const d = dyingPool(db.pool, () => deaths-- > 0);
    const kit = createQueueKit({
      kind: 'redis',
      url: REDIS_URL,
      namespace: `ow-test-escb-${randomUUID().slice(0, 8)}`,
    });
    try {
      const svc = buildService(d.pool, systemClock, { default: [lvl(200, ['zhangsan'])] }, rec, {
        timers: createEscalationTimers(kit),
      });
      startEscalateWorker(kit, svc, 64, { maxWaitMs: 50 });
      const ids = await insertAlerts(db.pool, 6, { openedAt: new Date(), severity: 'critical' });
      expect(await svc.sync()).toMatchObject({ scheduled: 6 });
      const end = Date.now() + 20_000;
      while ((await kit.counts('escalate')).completed! < 6 && Date.now() < end)
        await new Promise((r) => setTimeout(r, 50));
      expect(d.died).toHaveLength(1);
      expect(d.died[0]!.length).toBeGreaterThan(1); // jobs due together died together
      const counts = await kit.counts('escalate');
      expect(counts).toMatchObject({ completed: 6, failed: 0 });
      for (const id of ids) expect(await escalatedLevels(db.pool, id)).toEqual([1]);
      expect(rec.reached.map((r) => r.alertId).sort()).toEqual([...ids].sort());
      expect(rec.errors).toEqual([]);
    } finally {
      await kit.obliterate().catch(() => {});
      await kit.close();
    }
  });
});
