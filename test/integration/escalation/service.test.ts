// The escalation service on the real Postgres with a fake clock and a recording timers port: freezing,
// timer ids, stale timers, every way of stopping, the effects port and the start-up reconciliation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultEscalation } from '../../../src/config/index.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { claimAlert, resolveAlert, snoozeAlert } from '../../../src/store/alert-actions.js';
import { reconcileAlerts } from '../../../src/store/alerts-repo.js';
import { withTransaction } from '../../../src/store/tx.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
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
const POLICIES = {
  default: defaultEscalation(),
  refund: [lvl(10 * 60_000, ['boss'], { ding: true })],
  stuck_unshipped: [lvl(5 * 60_000, ['ops'], { customerNotice: true })],
};

let db: TestDatabase;
let rec: Recorder;
let clock: ReturnType<typeof fakeClock>;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedPeople(db.pool, T0);
});
afterAll(async () => db?.drop());
beforeEach(async () => {
  await db.pool.query('TRUNCATE alerts, orders CASCADE');
  rec = recorder();
  clock = fakeClock(T0);
});
const service = () => buildService(db.pool, clock, POLICIES, rec);
const lastTimer = () => rec.scheduled[rec.scheduled.length - 1]!.timer;

describe('escalation sync', () => {
  it('freezes the policy by rule, kind and default, and gives each alert one timer', async () => {
    const ids = [
      ...(await insertAlerts(db.pool, 1, { openedAt: T0 })),
      ...(await insertAlerts(db.pool, 1, { openedAt: T0, rule: 'stuck_unshipped' })),
      ...(await insertAlerts(db.pool, 1, { openedAt: T0, rule: 'refund_approval', kind: 'refund' })),
      ...(await insertAlerts(db.pool, 1, { openedAt: T0, rule: 'suspect_test_order', kind: 'suspect' })),
    ];
    expect(await service().sync()).toEqual({ frozen: 4, scheduled: 4 });
    const rows = await Promise.all(ids.map((id) => alertRow(db.pool, id)));
    expect(rows.map((r) => r.escalation!.policy)).toEqual([
      'default',
      'stuck_unshipped',
      'refund',
      'default',
    ]);
    expect(rows.map((r) => r.escalation!.levels[0]!.customerNotice)).toEqual([true, true, false, false]);
    const byAlert = new Map(rec.scheduled.map((s) => [s.timer.alertId, s]));
    expect(ids.map((id) => byAlert.get(id)!.delayMs)).toEqual([1_800_000, 300_000, 600_000, 1_800_000]);
    expect(rows.map((r) => r.active_escalation_job)).toEqual(ids.map((id) => byAlert.get(id)!.timer.jobId));
    expect(await service().sync()).toEqual({ frozen: 0, scheduled: 0 });
  });
});

describe('firing a timer', () => {
  it('applies the level once, records who was notified, bumps the revision and schedules the next level', async () => {
    const [id] = await insertAlerts(db.pool, 1, { openedAt: T0 });
    const svc = service();
    await svc.sync();
    const before = await alertRow(db.pool, id!);
    clock.set('2026-11-23T02:30:00Z');
    const first = lastTimer();
    expect(await svc.fire(first)).toMatchObject({ kind: 'fired', level: 1 });
    const after = await alertRow(db.pool, id!);
    expect(after).toMatchObject({ level: 1, revision: before.revision + 1 });
    expect(after.escalation!.notified).toEqual([
      { level: 1, personIds: ['zhangsan'], at: '2026-11-23T02:30:00.000Z' },
    ]);
    expect(rec.reached).toEqual([
      {
        alertId: id,
        level: 1,
        people: [{ id: 'zhangsan', name: '张三', wecom: 'zhangsan', dingtalk: 'manager4220' }],
        opts: { ding: false, customerNotice: true },
      },
    ]);
    const next = lastTimer();
    expect(next).toMatchObject({ alertId: id, level: 2 });
    expect(next.jobId).not.toBe(first.jobId);
    expect(after.active_escalation_job).toBe(next.jobId);
    expect(rec.scheduled[rec.scheduled.length - 1]!.delayMs).toBe(1_800_000);
    // The same job delivered again (a retry) is stale: nothing fires twice.
    expect(await svc.fire(first)).toEqual({ kind: 'stale' });
    clock.set('2026-11-23T03:00:00Z');
    expect(await svc.fire(next)).toMatchObject({ kind: 'fired', level: 2 });
    expect(await escalatedLevels(db.pool, id!)).toEqual([1, 2]);
    expect((await alertRow(db.pool, id!)).active_escalation_job).toBeNull();
  });

  it('does nothing for a timer whose id is not the active one', async () => {
    const [id] = await insertAlerts(db.pool, 1, { openedAt: T0 });
    const svc = service();
    await svc.sync();
    clock.set('2026-11-23T02:30:00Z');
    expect(await svc.fire({ alertId: id!, jobId: 'not-the-active-one', level: 1 })).toEqual({
      kind: 'stale',
    });
    expect(await alertRow(db.pool, id!)).toMatchObject({ level: 0 });
    expect(rec.reached).toEqual([]);
  });

  it('re-schedules a timer that arrives early instead of firing', async () => {
    const [id] = await insertAlerts(db.pool, 1, { openedAt: T0 });
    const svc = service();
    await svc.sync();
    clock.set('2026-11-23T02:20:00Z');
    expect(await svc.fire(lastTimer())).toEqual({
      kind: 'rescheduled',
      until: new Date('2026-11-23T02:30:00Z'),
    });
    expect(rec.scheduled[rec.scheduled.length - 1]!.delayMs).toBe(600_000);
    expect((await alertRow(db.pool, id!)).active_escalation_job).toBe(lastTimer().jobId);
  });

  it('keeps the level when the effects fail, and logs the failure', async () => {
    const [id] = await insertAlerts(db.pool, 1, { openedAt: T0 });
    const svc = buildService(db.pool, clock, POLICIES, rec, {
      effects: { levelReached: async () => Promise.reject(new Error('WeCom down')) },
    });
    await svc.sync();
    clock.set('2026-11-23T02:30:00Z');
    expect(await svc.fire(lastTimer())).toMatchObject({ kind: 'fired', level: 1 });
    expect((await alertRow(db.pool, id!)).level).toBe(1);
    expect(rec.errors).toHaveLength(1);
  });
});

describe('stopping', () => {
  const stoppers: [string, (id: string) => Promise<unknown>][] = [
    ['claimed', (id) => withTransaction(db.pool, (c) => claimAlert(c, id, 'zhangsan', clock.now()))],
    [
      'resolved by a person',
      (id) => withTransaction(db.pool, (c) => resolveAlert(c, id, 'done', 'zhangsan', clock.now())),
    ],
    [
      'resolved by detection',
      async () => {
        const { rows } = await db.pool.query<{ order_id: string }>('SELECT order_id FROM alerts');
        await withTransaction(db.pool, (c) =>
          reconcileAlerts(
            c,
            [],
            [{ orderId: rows[0]!.order_id, rule: 'stuck_unpicked', reason: 'picked' }],
            clock.now(),
          ),
        );
      },
    ],
  ];

  it.each(stoppers)('makes the pending timer inert when the alert is %s', async (_, stop) => {
    const [id] = await insertAlerts(db.pool, 1, { openedAt: T0 });
    const svc = service();
    await svc.sync();
    clock.set('2026-11-23T02:20:00Z');
    await stop(id!);
    expect((await alertRow(db.pool, id!)).active_escalation_job).toBeNull();
    clock.set('2026-11-23T02:30:00Z');
    expect(await svc.fire(lastTimer())).toEqual({ kind: 'stale' });
    expect(await svc.sync()).toEqual({ frozen: 0, scheduled: 0 });
    expect(await escalatedLevels(db.pool, id!)).toEqual([]);
  });

  it('postpones on snooze: the old timer is inert, the next sync schedules the level for the snooze end', async () => {
    const [id] = await insertAlerts(db.pool, 1, { openedAt: T0 });
    const svc = service();
    await svc.sync();
    const old = lastTimer();
    clock.set('2026-11-23T02:20:00Z');
    const until = new Date('2026-11-23T04:00:00Z');
    const { rows } = await db.pool.query<{ order_id: string }>('SELECT order_id FROM alerts WHERE id = $1', [
      id,
    ]);
    const target = { id: id!, orderId: rows[0]!.order_id };
    await withTransaction(db.pool, (c) => snoozeAlert(c, target, until, 'zhangsan', clock.now()));
    expect((await alertRow(db.pool, id!)).active_escalation_job).toBeNull();
    expect(await svc.fire(old)).toEqual({ kind: 'stale' });
    expect(await svc.sync()).toEqual({ frozen: 0, scheduled: 1 });
    expect(rec.scheduled[rec.scheduled.length - 1]!.delayMs).toBe(until.getTime() - clock.now().getTime());
  });
});

describe('start-up reconciliation', () => {
  it('re-adds every pending timer by its own id and gives a timer to an alert that lost its add', async () => {
    const ids = await insertAlerts(db.pool, 3, { openedAt: T0 });
    let failing = true;
    const flaky = buildService(db.pool, clock, POLICIES, rec, {
      timers: {
        schedule: async (timer, delayMs) => {
          if (failing && timer.alertId === ids[0]) throw new Error('crash before the add');
          rec.scheduled.push({ timer, delayMs });
        },
      },
    });
    await expect(flaky.sync()).rejects.toThrow('crash before the add');
    failing = false;
    const rows = await Promise.all(ids.map((id) => alertRow(db.pool, id)));
    rec.scheduled = [];
    const r = await service().reconcile();
    expect(r).toMatchObject({ readded: 3, cleared: 0, scheduled: 0 });
    expect(rec.scheduled.map((s) => s.timer.jobId).sort()).toEqual(
      rows.map((x) => x.active_escalation_job).sort(),
    );
  });
});
