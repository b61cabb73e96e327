import { describe, expect, it } from 'vitest';
import { defaultEscalation } from '../../../src/config/index.js';
import { inBusinessHours, nextBusinessStart } from '../../../src/escalation/business-hours.js';
import { freezePolicy } from '../../../src/escalation/policy.js';
import { nextStep } from '../../../src/escalation/step.js';
import { alertAt, NINE_TO_NINE, sh, walk } from './walk.js';

const policies = { default: defaultEscalation() };

describe('business hours (Asia/Shanghai, 09:00–21:00)', () => {
  it.each([
    ['2026-11-23T08:59:59', false],
    ['2026-11-23T09:00:00', true],
    ['2026-11-23T20:59:59', true],
    ['2026-11-23T21:00:00', false],
    ['2026-11-23T00:00:00', false],
  ])('%s Shanghai is inside: %s', (local, inside) => {
    expect(inBusinessHours(sh(local), NINE_TO_NINE)).toBe(inside);
  });

  it.each([
    ['2026-11-23T21:00:00', '2026-11-24T09:00:00'],
    ['2026-11-23T23:30:00', '2026-11-24T09:00:00'],
    ['2026-11-24T08:59:00', '2026-11-24T09:00:00'],
    ['2026-11-24T09:00:00', '2026-11-24T09:00:00'],
  ])('the next start after %s is %s', (at, start) => {
    expect(nextBusinessStart(sh(at), NINE_TO_NINE)).toEqual(sh(start));
  });

  it.each([
    // level due at → (warning fires at, critical fires at)
    ['2026-11-23T20:59:00', '2026-11-23T20:59:00', '2026-11-23T20:59:00'],
    ['2026-11-23T21:00:00', '2026-11-24T09:00:00', '2026-11-23T21:00:00'],
    ['2026-11-24T08:59:00', '2026-11-24T09:00:00', '2026-11-24T08:59:00'],
    ['2026-11-24T09:00:00', '2026-11-24T09:00:00', '2026-11-24T09:00:00'],
  ])('a level due at %s fires at %s for a warning and %s for a critical alert', (due, warning, critical) => {
    const opened = new Date(sh(due).getTime() - 30 * 60_000);
    for (const [severity, expected] of [
      ['warning', warning],
      ['critical', critical],
    ] as const) {
      const a = alertAt(opened, { severity });
      const step = nextStep(a, freezePolicy(policies, a), sh(due), NINE_TO_NINE);
      const at = step.kind === 'fire' ? step.due : step.kind === 'wait' ? step.until : null;
      expect(at).toEqual(sh(expected));
    }
  });

  it('holds a warning opened at 20:50 overnight and walks it up in the morning, 30 min apart', () => {
    const a = alertAt(sh('2026-11-23T20:50:00'));
    const { fired } = walk(a, freezePolicy(policies, a), NINE_TO_NINE);
    expect(fired).toEqual([
      { level: 1, at: sh('2026-11-24T09:00:00').toISOString() },
      { level: 2, at: sh('2026-11-24T09:30:00').toISOString() },
    ]);
  });

  it('escalates a critical alert through the night on schedule', () => {
    const a = alertAt(sh('2026-11-23T20:50:00'), { severity: 'critical' });
    const { fired } = walk(a, freezePolicy(policies, a), NINE_TO_NINE);
    expect(fired).toEqual([
      { level: 1, at: sh('2026-11-23T21:20:00').toISOString() },
      { level: 2, at: sh('2026-11-23T21:50:00').toISOString() },
    ]);
  });
});
