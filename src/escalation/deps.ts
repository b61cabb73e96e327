// What the escalation service is built over (narrow dependencies, DESIGN.md §6 Infisical).
import type { BusinessHours, Team } from '../config/index.js';
import type { Clock } from '../lib/clock.js';
import type { Pool } from '../store/pool.js';
import type { EscalationRow } from '../store/escalation-repo.js';
import type { Policies } from './policy.js';
import type { EscalationAlert, EscalationEffects, EscalationTimers } from './types.js';

export interface EscalationLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EscalationDeps {
  pool: Pool;
  /** FileConfig.escalation: policy name (rule id, kind, `default`, …) → levels. */
  policies: Policies;
  businessHours: BusinessHours;
  /** For team targets: their on-duty people. */
  teams: readonly Pick<Team, 'id' | 'onDuty' | 'wecomUsers'>[];
  timers: EscalationTimers;
  effects: EscalationEffects;
  clock: Clock;
  log: EscalationLog;
  /** Called after commit with the alerts a level changed (their cards re-render: kick the notify relay). */
  afterChange?: (alertIds: string[]) => Promise<unknown>;
  /** Fresh timer ids (default randomUUID). */
  newId?: () => string;
  /** Rows per page of the sync and the reconciliation (default 1000). */
  batchSize?: number;
  /** How long the people directory is cached between levels (default 5 s). */
  directoryTtlMs?: number;
  /** Level effects running at once in this process (default 32). */
  effectsWidth?: number;
}

export function toAlert(row: EscalationRow): EscalationAlert {
  return {
    id: row.id,
    rule: row.rule,
    kind: row.kind,
    severity: row.severity,
    state: row.state,
    level: row.level,
    openedAt: row.openedAt,
    snoozedUntil: row.snoozedUntil,
    mutedReason: row.mutedReason,
  };
}

/** Runs `fn` over `items`, at most `width` at a time. */
export async function eachLimited<T>(items: readonly T[], width: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/** A concurrency limit shared by every caller: `slot(fn)` runs fn once fewer than `width` are running. */
export function limiter(width: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= width) await new Promise<void>((r) => waiting.push(r));
    else running++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
