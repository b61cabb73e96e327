// Escalation (DESIGN.md §6, Grafana OnCall's model). `sync` freezes the policy onto alerts that opened
// and gives every open alert that needs one a timer: the id is written first (short statement), the
// delayed job added after commit. `reconcile` (start-up) re-adds the job of every timer id still in the
// database — idempotent by job id, so a pending job is not doubled and a lost one comes back. `fireMany`
// applies a batch of timers (the worker's micro-batcher, batcher.ts); `fire` is one timer, follow-ups
// awaited. Stopping is the actions' part: claim / resolve / snooze clear the id in their tx.
import { randomUUID } from 'node:crypto';
import {
  alertsNeedingTimer,
  alertsWithTimer,
  claimTimers,
  clearTimer,
  freezePending,
  type EscalationRow,
} from '../store/escalation-repo.js';
import { eachLimited, toAlert, type EscalationDeps } from './deps.js';
import { createFire } from './fire.js';
import { CUSTOMER_NOTICE_KINDS, freezeTables, readFrozen } from './policy.js';
import { nextStep } from './step.js';
import type { EscalationTimer, Step } from './types.js';

export type { EscalationDeps, EscalationLog } from './deps.js';

/** A sync that skipped rows locked elsewhere runs again this much later. */
const SKIPPED_RETRY_MS = 500;

/** Queue adds in flight at once. */
const ADD_WIDTH = 64;

type Planned = { timer: EscalationTimer; due: Date };

export function createEscalationService(deps: EscalationDeps) {
  const newId = deps.newId ?? randomUUID;
  const batch = deps.batchSize ?? 1000;
  const tables = freezeTables(deps.policies);

  const stepOf = (row: EscalationRow): Step | null => {
    const frozen = readFrozen(row.escalation);
    return frozen ? nextStep(toAlert(row), frozen, deps.clock.now(), deps.businessHours) : null;
  };
  const dueOf = (s: Step | null): Date | null =>
    s?.kind === 'fire' ? s.due : s?.kind === 'wait' ? s.until : null;

  const schedule = async (planned: readonly Planned[]) => {
    if (deps.timers.scheduleMany) {
      const at = deps.clock.now().getTime();
      const items = planned.map(({ timer, due }) => ({ timer, delayMs: Math.max(0, due.getTime() - at) }));
      if (items.length > 0) await deps.timers.scheduleMany(items);
      return;
    }
    await eachLimited(planned, ADD_WIDTH, async ({ timer, due }) => {
      const delay = Math.max(0, due.getTime() - deps.clock.now().getTime());
      await deps.timers.schedule(timer, delay);
    });
  };

  /** Pages through rows by id; `load` returns the next page after the last id seen. */
  const pages = async (
    load: (after: string | null) => Promise<EscalationRow[]>,
    each: (rows: EscalationRow[]) => Promise<void>,
  ) => {
    for (let after: string | null = null; ;) {
      const rows = await load(after);
      if (rows.length > 0) await each(rows);
      if (rows.length < batch) return;
      after = rows[rows.length - 1]!.id;
    }
  };

  type SyncResult = { frozen: number; scheduled: number };
  let running: Promise<SyncResult> | null = null;
  let queued: Promise<SyncResult> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;

  /** Rows another transaction held were skipped: try again shortly (nothing else may call sync soon). */
  const retryLater = () => {
    if (retry) return;
    retry = setTimeout(() => {
      retry = null;
      sync().catch((err: unknown) => deps.log.error({ err }, 'escalation sync retry failed'));
    }, SKIPPED_RETRY_MS);
    retry.unref?.();
  };

  /**
   * One sync at a time per process: a call while one runs shares a single follow-up run, which sees
   * everything committed before the call (every detect job calls sync; eight ran at once and deadlocked).
   */
  function sync(): Promise<SyncResult> {
    if (!running) {
      running = syncNow().finally(() => {
        running = null;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return sync();
      });
    return queued;
  }

  /** Freeze new alerts' policies, then give a timer to every open alert with a level to come and none. */
  async function syncNow(): Promise<SyncResult> {
    const { frozen, skipped: unfrozen } = await freezePending(deps.pool, tables, CUSTOMER_NOTICE_KINDS);
    let scheduled = 0;
    let skipped = unfrozen;
    await pages(
      (after) => alertsNeedingTimer(deps.pool, after, batch),
      async (rows) => {
        const planned: Planned[] = [];
        for (const row of rows) {
          const step = stepOf(row);
          const due = dueOf(step);
          if (due && step && 'level' in step) {
            planned.push({ timer: { alertId: row.id, jobId: newId(), level: step.level }, due });
          }
        }
        const won = await claimTimers(
          deps.pool,
          planned.map((p) => p.timer),
        );
        const mine = planned.filter((p) => won.has(p.timer.alertId));
        await schedule(mine);
        scheduled += mine.length;
        skipped += planned.length - mine.length;
      },
    );
    if (skipped > 0) retryLater();
    return { frozen, scheduled };
  }

  /** Start-up: re-add every timer id's job (a no-op where it is pending), clear ids no longer needed. */
  async function reconcile(): Promise<{
    readded: number;
    cleared: number;
    frozen: number;
    scheduled: number;
  }> {
    let readded = 0;
    let cleared = 0;
    await pages(
      (after) => alertsWithTimer(deps.pool, after, batch),
      async (rows) => {
        const planned: Planned[] = [];
        for (const row of rows) {
          const step = stepOf(row);
          const due = dueOf(step);
          if (due && step && 'level' in step && row.activeJob) {
            planned.push({ timer: { alertId: row.id, jobId: row.activeJob, level: step.level }, due });
          } else if (row.activeJob) {
            await clearTimer(deps.pool, row.id, row.activeJob);
            cleared++;
          }
        }
        await schedule(planned);
        readded += planned.length;
      },
    );
    return { readded, cleared, ...(await sync()) };
  }

  const { fire, fireMany } = createFire(deps, newId);
  return { sync, reconcile, fire, fireMany };
}

export type EscalationService = ReturnType<typeof createEscalationService>;
