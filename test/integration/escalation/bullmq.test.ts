// Escalation timers as real delayed BullMQ jobs (milliseconds), on both queue backends: levels fire once
// each, a stale timer is inert, and a worker restart in the middle loses no level and fires none twice.
// Real clock; no timing assertions (only "eventually" and counts).
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEscalationTimers, startEscalateWorker } from '../../../jobs/escalate-worker.js';
import { createQueueKit, type QueueKit } from '../../../jobs/queues.js';
import { systemClock } from '../../../src/lib/clock.js';
import { claimAlert } from '../../../src/store/alert-actions.js';
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
} from './fixture.js';

const until = async (cond: () => Promise<boolean>, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(['redis', 'postgres'] as const)('escalation timers on the %s queue backend', (backend) => {
  let db: TestDatabase;
  const namespaces: string[] = [];
  let kits: QueueKit[] = [];
  /** Each test gets its own queues, so no worker of another test takes its jobs. */
  const freshNamespace = () => {
    namespaces.push(`ow-test-esc-${randomUUID().slice(0, 8)}`);
    return namespaces[namespaces.length - 1]!;
  };
  const newKit = (namespace: string) => {
    const kit = createQueueKit({ kind: backend, url: backend === 'redis' ? REDIS_URL : db.url, namespace });
    kits.push(kit);
    return kit;
  };
  /** One "process": a queue kit, the service over it and its escalate worker. */
  const start = (namespace: string, policies: Parameters<typeof buildService>[2], rec = recorder()) => {
    const kit = newKit(namespace);
    const svc = buildService(db.pool, systemClock, policies, rec, { timers: createEscalationTimers(kit) });
    startEscalateWorker(kit, svc);
    return { kit, svc, rec };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedPeople(db.pool, new Date());
  });
  afterEach(async () => {
    for (const k of kits) await k.close();
    kits = [];
  });
  afterAll(async () => {
    for (const ns of namespaces) {
      const kit = newKit(ns);
      await kit.obliterate();
      await kit.close();
    }
    await db?.drop();
  });

  it('fires each level exactly once, in order, through delayed jobs', async () => {
    const p = start(freshNamespace(), {
      default: [lvl(20, ['zhangsan']), lvl(40, ['boss']), lvl(60, ['ops'], { ding: true })],
    });
    const [id] = await insertAlerts(db.pool, 1, { openedAt: new Date(), severity: 'critical' });
    await p.svc.sync();
    await until(async () => (await alertRow(db.pool, id!)).level === 3, 'level 3');
    expect(await escalatedLevels(db.pool, id!)).toEqual([1, 2, 3]);
    expect(p.rec.reached.map((r) => [r.level, r.people.map((x) => x.id)])).toEqual([
      [1, ['zhangsan']],
      [2, ['boss']],
      [3, ['lisi']],
    ]);
    expect((await alertRow(db.pool, id!)).active_escalation_job).toBeNull();
  });

  it('lets a timer run and do nothing when its id is stale (claimed meanwhile, or a foreign id)', async () => {
    const p = start(freshNamespace(), { default: [lvl(300, ['zhangsan'])] });
    const [claimed, other] = await insertAlerts(db.pool, 2, { openedAt: new Date(), severity: 'critical' });
    await p.svc.sync();
    await withTransaction(db.pool, (c) => claimAlert(c, claimed!, 'zhangsan', new Date()));
    const before = (await p.kit.counts('escalate')).completed ?? 0;
    await createEscalationTimers(p.kit).schedule(
      { alertId: other!, jobId: `stale-${randomUUID()}`, level: 1 },
      5,
    );
    // The foreign timer and the claimed alert's timer both complete; only `other`'s own timer fires.
    await until(
      async () => ((await p.kit.counts('escalate')).completed ?? 0) >= before + 3,
      'three timers run',
    );
    expect(await escalatedLevels(db.pool, claimed!)).toEqual([]);
    expect(await escalatedLevels(db.pool, other!)).toEqual([1]);
    expect(p.rec.reached.map((r) => r.alertId)).toEqual([other]);
  });

  it('gives each alert one timer without deadlocks when many syncs run at once in two processes', async () => {
    const policies = { default: [lvl(60 * 60_000, ['zhangsan'])] };
    const ns = freshNamespace();
    const a = start(ns, policies);
    const b = start(ns, policies);
    const ids = await insertAlerts(db.pool, 300, { openedAt: new Date(), severity: 'critical' });
    // Detection meanwhile re-grades the same alerts, each transaction locking rows one by one (in one
    // order among themselves, not the order a sync's statement meets them).
    const byIdDesc = [...ids].sort().reverse();
    const detection = async (from: number) => {
      const c = await db.pool.connect();
      try {
        await c.query('BEGIN');
        for (const id of byIdDesc.slice(from, from + 120))
          await c.query(`UPDATE alerts SET updated_at = now() WHERE id = $1`, [id]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    };
    await Promise.all([
      Promise.all([...Array(8)].flatMap(() => [a.svc.sync(), b.svc.sync()])),
      Promise.all([0, 60, 120, 180].map(detection)),
    ]);
    await Promise.all([a.svc.sync(), b.svc.sync()]); // whatever a locked row deferred
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM alerts WHERE id = ANY($1::uuid[]) AND active_escalation_job IS NOT NULL`,
      [ids],
    );
    // One timer id per alert, and one delayed job per timer id: none scheduled twice.
    expect((await a.kit.counts('escalate')).delayed).toBe(ids.length);
    expect(rows[0].n).toBe(ids.length);
  });

  it('loses no level and fires none twice when the worker restarts in the middle', async () => {
    const policies = { default: [lvl(50, ['zhangsan']), lvl(400, ['boss']), lvl(800, ['ops'])] };
    const ns = freshNamespace();
    const first = start(ns, policies);
    const ids = await insertAlerts(db.pool, 5, { openedAt: new Date(), severity: 'critical' });
    await first.svc.sync();
    const levels = async () =>
      (await Promise.all(ids.map((id) => alertRow(db.pool, id)))).map((r) => r.level);
    await until(async () => (await levels()).every((l) => l >= 1), 'level 1 everywhere');
    await first.kit.close(); // the process stops: pending level-2 timers stay in the queue
    const second = start(ns, policies, first.rec); // a new process, same queues
    await second.svc.reconcile();
    await until(async () => (await levels()).every((l) => l === 3), 'level 3 everywhere');
    for (const id of ids) expect(await escalatedLevels(db.pool, id)).toEqual([1, 2, 3]);
    const reached = first.rec.reached.filter((r) => ids.includes(r.alertId));
    expect(reached).toHaveLength(ids.length * 3);
  });
});
