// The timer handler (DESIGN.md §6): read the alert if the job's id is still its active timer, decide with
// the pure step function, then one guarded statement applies the level (or moves the timer); a stale job
// changes nothing. The next timer is scheduled and the effects run after that statement has committed.
import { applyLevel, loadDirectory, moveTimer, readForTimer } from '../store/escalation-fire.js';
import { toAlert, type EscalationDeps } from './deps.js';
import { readFrozen } from './policy.js';
import { nextStep } from './step.js';
import { resolveNotify, type Directory } from './targets.js';
import type { EscalationTimer, FrozenLevel, NotifiedPerson } from './types.js';

export type FireOutcome =
  | { kind: 'stale' }
  | { kind: 'stopped'; reason: string }
  | { kind: 'rescheduled'; until: Date }
  | { kind: 'fired'; level: number; people: NotifiedPerson[] };

type Planned = { timer: EscalationTimer; due: Date } | null;
type Decided = {
  outcome: FireOutcome;
  next: Planned;
  effect?: { level: FrozenLevel; people: NotifiedPerson[] };
};

const STALE: Decided = { outcome: { kind: 'stale' }, next: null };

export function createFire(deps: EscalationDeps, newId: () => string) {
  let cache: { at: number; people: Directory['people'] } | null = null;
  const directory = async (): Promise<Directory> => {
    const ttl = deps.directoryTtlMs ?? 5000;
    if (!cache || Date.now() - cache.at > ttl)
      cache = { at: Date.now(), people: await loadDirectory(deps.pool) };
    return { people: cache.people, teams: deps.teams };
  };

  async function decide(t: EscalationTimer): Promise<Decided> {
    const now = deps.clock.now();
    const row = await readForTimer(deps.pool, t.alertId, t.jobId);
    if (!row) return STALE;
    const frozen = readFrozen(row.escalation);
    const alert = toAlert(row);
    const step = frozen ? nextStep(alert, frozen, now, deps.businessHours) : null;
    if (!frozen || !step || step.kind === 'held' || step.kind === 'done') {
      const reason = step && 'reason' in step ? step.reason : 'no policy';
      return (await moveTimer(deps.pool, row.id, t.jobId, null))
        ? { outcome: { kind: 'stopped', reason }, next: null }
        : STALE;
    }
    if (step.kind === 'wait') {
      const timer = { alertId: row.id, jobId: newId(), level: step.level };
      return (await moveTimer(deps.pool, row.id, t.jobId, timer.jobId))
        ? { outcome: { kind: 'rescheduled', until: step.until }, next: { timer, due: step.until } }
        : STALE;
    }
    const level = frozen.levels[step.level - 1]!;
    const people = resolveNotify(level.notify, await directory());
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
    const applied = await applyLevel(deps.pool, {
      alertId: row.id,
      jobId: t.jobId,
      level: step.level,
      personIds,
      policy: frozen.policy,
      nextJob: next ? next.timer.jobId : null,
      now,
    });
    if (!applied) return STALE;
    return { outcome: { kind: 'fired', level: step.level, people }, next, effect: { level, people } };
  }

  return async function fire(t: EscalationTimer): Promise<FireOutcome> {
    const r = await decide(t);
    if (r.next) {
      const delay = Math.max(0, r.next.due.getTime() - deps.clock.now().getTime());
      // A failed add leaves the id in the row: the start-up reconciliation re-adds it.
      await deps.timers.schedule(r.next.timer, delay).catch((err: unknown) => {
        deps.log.error({ err, alertId: t.alertId }, 'scheduling the next escalation level failed');
      });
    }
    if (r.outcome.kind !== 'fired' || !r.effect) return r.outcome;
    const { level, people } = r.effect;
    try {
      await deps.effects.levelReached(t.alertId, r.outcome.level, people, {
        ding: level.ding,
        customerNotice: level.customerNotice,
      });
    } catch (err) {
      deps.log.error({ err, alertId: t.alertId, level: r.outcome.level }, 'escalation effects failed');
    }
    await deps.afterChange?.([t.alertId]).catch((err: unknown) => {
      deps.log.error({ err, alertId: t.alertId }, 'after-escalation hand-off failed');
    });
    return r.outcome;
  };
}
