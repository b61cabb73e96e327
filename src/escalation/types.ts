// The escalation snapshot frozen onto an alert (alerts.escalation) and the ports the service talks through.
import type { EscalationLevel } from '../config/index.js';

export type FrozenLevel = EscalationLevel;

/** Who a level notified, recorded when it fired. */
export interface NotifiedRecord {
  level: number;
  personIds: string[];
  /** ISO instant the level was applied. */
  at: string;
}

/** alerts.escalation: the policy as it was when the alert opened, plus what has fired since. */
export interface FrozenEscalation {
  policy: string;
  levels: FrozenLevel[];
  notified: NotifiedRecord[];
}

/** The alert fields the step function reads. `level` = levels reached so far (0 = none). */
export interface EscalationAlert {
  id: string;
  rule: string;
  kind: string;
  severity: string;
  state: string;
  level: number;
  openedAt: Date;
  snoozedUntil: Date | null;
  mutedReason: string | null;
}

/** What happens next: fire level `level` (1-based) now, wait, stay held (muted), or nothing more. */
export type Step =
  | { kind: 'fire'; level: number; due: Date }
  | { kind: 'wait'; level: number; until: Date }
  | { kind: 'held'; reason: string }
  | { kind: 'done'; reason: string };

/** One delayed timer job; `jobId` must equal alerts.active_escalation_job for it to do anything. */
export interface EscalationTimer {
  alertId: string;
  jobId: string;
  level: number;
}

/** The queue side (jobs/escalate-worker.ts): add a delayed job, idempotent by `jobId`. */
export interface EscalationTimers {
  schedule(timer: EscalationTimer, delayMs: number): Promise<void>;
  /** Many at once (one bulk add); `schedule` one by one where absent. */
  scheduleMany?(items: readonly { timer: EscalationTimer; delayMs: number }[]): Promise<void>;
}

export interface NotifiedPerson {
  id: string;
  name: string;
  wecom: string | null;
  dingtalk: string | null;
}

/**
 * What a level does outside the database, called after commit (the lead's notify side): @-mention the
 * people in the alert's group, a personal card each, a DingTalk DING when `ding`, and the customer delay
 * notice when `customerNotice`. A failure is logged; the level stays reached.
 */
export interface EscalationEffects {
  levelReached(
    alertId: string,
    level: number,
    people: NotifiedPerson[],
    opts: { ding: boolean; customerNotice: boolean },
  ): Promise<void>;
}
