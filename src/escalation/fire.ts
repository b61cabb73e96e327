// The timer handler (DESIGN.md §6), batched: read every timer's alert whose active timer is still that
// job, decide each with the pure step function, then one set-based statement applies all the due levels
// (each guarded by its job id, so a stale job changes nothing) and moves the timers that do not fire. After commit — the `after` promise, which never rejects — the next timers are added,
// each level's effects run (a bounded number at once) and afterChange is called once for the batch.
import { applyLevels, loadDirectory, readForTimers } from '../store/escalation-fire.js';
import type { AppliedLevel, TimerMove } from '../store/escalation-fire.js';
import type { EscalationRow } from '../store/escalation-repo.js';
import { eachLimited, limiter, toAlert, type EscalationDeps } from './deps.js';
import { readFrozen } from './policy.js';
import { nextStep } from './step.js';
import { resolveNotify, type Directory } from './targets.js';
import type { EscalationTimer, FrozenLevel, NotifiedPerson } from './types.js';

export type FireOutcome =
  | { kind: 'stale' }
  | { kind: 'stopped'; reason: string }
  | { kind: 'rescheduled'; until: Date }
  | { kind: 'fired'; level: number; people: NotifiedPerson[] };

/** A batch's outcomes (same order as its timers) once committed; `after` settles when its follow-ups are done. */
export interface FiredBatch {
  outcomes: FireOutcome[];
  after: Promise<void>;
}

type Planned = { timer: EscalationTimer; due: Date };
type Decided =
  | { write: 'none' }
  | { write: 'move'; move: TimerMove; outcome: FireOutcome; next: Planned | null }
  | {
      write: 'apply';
      apply: AppliedLevel;
      outcome: FireOutcome & { kind: 'fired' };
      next: Planned | null;
      level: FrozenLevel;
    };

/** Level effects running at once in this process, across batches. */
const EFFECTS_WIDTH = 32;
/** Next-level adds per call when the timers port has no bulk add. */
const ADD_WIDTH = 64;

export function createFire(deps: EscalationDeps, newId: () => string) {
  const effectsSlot = limiter(deps.effectsWidth ?? EFFECTS_WIDTH);
  let cache: { at: number; people: Directory['people'] } | null = null;
  const directory = async (): Promise<Directory> => {
    const ttl = deps.directoryTtlMs ?? 5000;
    if (!cache || Date.now() - cache.at > ttl)
      cache = { at: Date.now(), people: await loadDirectory(deps.pool) };
    return { people: cache.people, teams: deps.teams };
  };

  function decide(t: EscalationTimer, row: EscalationRow, now: Date, dir: Directory): Decided {
    const frozen = readFrozen(row.escalation);
    const alert = toAlert(row);
    const step = frozen ? nextStep(alert, frozen, now, deps.businessHours) : null;
    if (!frozen || !step || step.kind === 'held' || step.kind === 'done') {
      const reason = step && 'reason' in step ? step.reason : 'no policy';
      const move = { alertId: row.id, from: t.jobId, to: null };
      return { write: 'move', move, outcome: { kind: 'stopped', reason }, next: null };
    }
    if (step.kind === 'wait') {
      const timer = { alertId: row.id, jobId: newId(), level: step.level };
      const move = { alertId: row.id, from: t.jobId, to: timer.jobId };
      const outcome = { kind: 'rescheduled', until: step.until } as const;
      return { write: 'move', move, outcome, next: { timer, due: step.until } };
    }
    const level = frozen.levels[step.level - 1]!;
    const people = resolveNotify(level.notify, dir);
    const personIds = people.map((p) => p.id);
    const record = { level: step.level, personIds, at: now.toISOString() };
    const after = nextStep(
      { ...alert, level: step.level },
      { ...frozen, notified: [...frozen.notified, record] },
      now,
      deps.businessHours,
    );
    const due = after.kind === 'fire' ? after.due : after.kind === 'wait' ? after.until : null;
    const next = due && { timer: { alertId: row.id, jobId: newId(), level: step.level + 1 }, due };
    return {
      write: 'apply',
      apply: {
        alertId: row.id,
        jobId: t.jobId,
        level: step.level,
        personIds,
        policy: frozen.policy,
        nextJob: next ? next.timer.jobId : null,
        now,
      },
      outcome: { kind: 'fired', level: step.level, people },
      next,
      level,
    };
  }

  const schedule = async (planned: readonly Planned[]) => {
    if (planned.length === 0) return;
    const at = deps.clock.now().getTime();
    const items = planned.map(({ timer, due }) => ({ timer, delayMs: Math.max(0, due.getTime() - at) }));
    if (deps.timers.scheduleMany) return deps.timers.scheduleMany(items);
    await eachLimited(items, ADD_WIDTH, (i) => deps.timers.schedule(i.timer, i.delayMs));
  };

  /** What follows a committed batch; logs every failure (the level stays reached), never rejects. */
  async function follow(decided: Decided[], fired: Set<string>, moved: Set<string>): Promise<void> {
    const live = decided.filter(
      (d) =>
        (d.write === 'apply' && fired.has(d.apply.alertId)) ||
        (d.write === 'move' && moved.has(d.move.alertId)),
    );
    const next = live.flatMap((d) => (d.write !== 'none' && d.next ? [d.next] : []));
    // A failed add leaves the id in the row: the start-up reconciliation re-adds it.
    await schedule(next).catch((err: unknown) => {
      const alertIds = next.map((p) => p.timer.alertId);
      deps.log.error({ err, alertIds }, 'scheduling the next escalation level failed');
    });
    const levels = live.flatMap((d) => (d.write === 'apply' ? [d] : []));
    if (levels.length === 0) return;
    await Promise.all(
      levels.map((d) =>
        effectsSlot(async () => {
          const { alertId, level } = d.apply;
          try {
            await deps.effects.levelReached(alertId, level, d.outcome.people, {
              ding: d.level.ding,
              customerNotice: d.level.customerNotice,
            });
          } catch (err) {
            deps.log.error({ err, alertId, level }, 'escalation effects failed');
          }
        }),
      ),
    );
    const alertIds = levels.map((d) => d.apply.alertId);
    await deps.afterChange?.(alertIds).catch((err: unknown) => {
      deps.log.error({ err, alertIds }, 'after-escalation hand-off failed');
    });
  }

  /**
   * Decides and applies a batch of timers; resolves once its writes have committed (rejects, changing
   * nothing, when they did not: every job of the batch is then retried and the id guard keeps a level
   * from firing twice).
   */
  async function fireMany(timers: readonly EscalationTimer[]): Promise<FiredBatch> {
    const rows = new Map((await readForTimers(deps.pool, timers)).map((r) => [r.id, r]));
    const now = deps.clock.now();
    const dir = rows.size > 0 ? await directory() : null;
    const seen = new Set<string>();
    const decided = timers.map((t): Decided => {
      const row = rows.get(t.alertId);
      // One timer per alert per batch: a second delivery of the same job in the batch is stale.
      if (!row || !dir || row.activeJob !== t.jobId || seen.has(t.alertId)) return { write: 'none' };
      seen.add(t.alertId);
      return decide(t, row, now, dir);
    });
    const applies = decided.flatMap((d) => (d.write === 'apply' ? [d.apply] : []));
    const moves = decided.flatMap((d) => (d.write === 'move' ? [d.move] : []));
    const byId = (a: { alertId: string }, b: { alertId: string }) => (a.alertId < b.alertId ? -1 : 1);
    applies.sort(byId);
    moves.sort(byId);
    const { applied: fired, moved } = await applyLevels(deps.pool, applies, moves);
    const outcomes = decided.map((d): FireOutcome => {
      if (d.write === 'apply' && fired.has(d.apply.alertId)) return d.outcome;
      if (d.write === 'move' && moved.has(d.move.alertId)) return d.outcome;
      return { kind: 'stale' };
    });
    const after = follow(decided, fired, moved).catch((err: unknown) => {
      deps.log.error({ err }, 'escalation follow-up failed');
    });
    return { outcomes, after };
  }

  /** One timer, its follow-ups awaited (the direct call; the worker goes through the batcher). */
  async function fire(t: EscalationTimer): Promise<FireOutcome> {
    const r = await fireMany([t]);
    await r.after;
    return r.outcomes[0]!;
  }

  return { fire, fireMany };
}
