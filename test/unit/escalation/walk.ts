// A fake-clock walk of one alert through its policy: the pure step function decides, the walk applies
// (level reached, notified recorded) and moves the clock to each wait, as the worker and BullMQ would.
import type { BusinessHours } from '../../../src/config/index.js';
import { nextStep } from '../../../src/escalation/step.js';
import type { EscalationAlert, FrozenEscalation, Step } from '../../../src/escalation/types.js';

export const ALL_DAY: BusinessHours = { startMin: 0, endMin: 24 * 60 };
export const NINE_TO_NINE: BusinessHours = { startMin: 9 * 60, endMin: 21 * 60 };

export const sh = (local: string) => new Date(`${local}+08:00`);

export function alertAt(openedAt: Date, over: Partial<EscalationAlert> = {}): EscalationAlert {
  return {
    id: 'a1',
    rule: 'stuck_unpicked',
    kind: 'stuck',
    severity: 'warning',
    state: 'open',
    level: 0,
    openedAt,
    snoozedUntil: null,
    mutedReason: null,
    ...over,
  };
}

export interface Fired {
  level: number;
  at: string;
}

/**
 * Walks until done/held or `until`; `before(now, alert)` may change the alert between steps (claim,
 * snooze…). Returns the levels fired with their (Shanghai-agnostic) ISO times and the last step.
 */
export function walk(
  alert: EscalationAlert,
  policy: FrozenEscalation,
  hours: BusinessHours,
  opts: { until?: Date; before?: (now: Date, a: EscalationAlert) => EscalationAlert } = {},
) {
  let a = alert;
  let frozen = policy;
  let now = alert.openedAt;
  const fired: Fired[] = [];
  let last: Step = { kind: 'done', reason: 'not started' };
  for (let i = 0; i < 50; i++) {
    if (opts.before) a = opts.before(now, a);
    last = nextStep(a, frozen, now, hours);
    if (last.kind === 'fire') {
      fired.push({ level: last.level, at: now.toISOString() });
      frozen = {
        ...frozen,
        notified: [...frozen.notified, { level: last.level, personIds: [], at: now.toISOString() }],
      };
      a = { ...a, level: last.level };
    } else if (last.kind === 'wait') {
      if (opts.until && last.until > opts.until) break;
      now = last.until;
    } else break;
  }
  return { fired, last, alert: a };
}
