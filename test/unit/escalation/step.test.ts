import { describe, expect, it } from 'vitest';
import { defaultEscalation } from '../../../src/config/index.js';
import { freezePolicy } from '../../../src/escalation/policy.js';
import { nextStep } from '../../../src/escalation/step.js';
import { ALL_DAY, alertAt, sh, walk } from './walk.js';

const policies = {
  default: defaultEscalation(),
  refund: [
    { afterMs: 10 * 60_000, notify: ['finance'], customerNotice: false, ding: false },
    { afterMs: 20 * 60_000, notify: ['supervisor'], customerNotice: false, ding: true },
    { afterMs: 40 * 60_000, notify: ['admin'], customerNotice: false, ding: true },
  ],
  stuck_unshipped: [{ afterMs: 5 * 60_000, notify: ['warehouse'], customerNotice: true, ding: false }],
};
const opened = sh('2026-11-23T10:00:00');

describe('nextStep walking a policy on a fake clock', () => {
  it('fires the default levels at 30 min and 60 min, then stops', () => {
    const a = alertAt(opened, { rule: 'suspect_phone_velocity', kind: 'suspect' });
    const { fired, last } = walk(a, freezePolicy(policies, a), ALL_DAY);
    expect(fired).toEqual([
      { level: 1, at: sh('2026-11-23T10:30:00').toISOString() },
      { level: 2, at: sh('2026-11-23T11:00:00').toISOString() },
    ]);
    expect(last).toEqual({ kind: 'done', reason: 'last level reached' });
  });

  it('walks a custom per-kind policy through its three levels', () => {
    const a = alertAt(opened, { rule: 'refund_approval', kind: 'refund' });
    const { fired } = walk(a, freezePolicy(policies, a), ALL_DAY);
    expect(fired.map((f) => [f.level, f.at])).toEqual([
      [1, sh('2026-11-23T10:10:00').toISOString()],
      [2, sh('2026-11-23T10:20:00').toISOString()],
      [3, sh('2026-11-23T10:40:00').toISOString()],
    ]);
  });

  it('prefers the rule-id policy over the kind and default policies', () => {
    const a = alertAt(opened, { rule: 'stuck_unshipped', kind: 'stuck' });
    const { fired } = walk(a, freezePolicy(policies, a), ALL_DAY);
    expect(fired).toEqual([{ level: 1, at: sh('2026-11-23T10:05:00').toISOString() }]);
  });

  it('waits until the level is due', () => {
    const a = alertAt(opened);
    expect(nextStep(a, freezePolicy(policies, a), sh('2026-11-23T10:29:59'), ALL_DAY)).toEqual({
      kind: 'wait',
      level: 1,
      until: sh('2026-11-23T10:30:00'),
    });
  });

  it('fires a level whose time has passed as soon as it is asked (a late worker catches up)', () => {
    const a = alertAt(opened, { rule: 'x', kind: 'suspect' });
    const step = nextStep(a, freezePolicy(policies, a), sh('2026-11-23T12:00:00'), ALL_DAY);
    expect(step).toEqual({ kind: 'fire', level: 1, due: sh('2026-11-23T10:30:00') });
  });

  it('keeps the policy gap after a late level instead of firing the next one at once', () => {
    const a = alertAt(opened, { rule: 'x', kind: 'suspect', level: 1 });
    const frozen = {
      ...freezePolicy(policies, a),
      notified: [{ level: 1, personIds: [], at: sh('2026-11-23T12:00:00').toISOString() }],
    };
    expect(nextStep(a, frozen, sh('2026-11-23T12:00:00'), ALL_DAY)).toEqual({
      kind: 'wait',
      level: 2,
      until: sh('2026-11-23T12:30:00'),
    });
  });
});

describe('nextStep stopping', () => {
  const frozen = freezePolicy(policies, alertAt(opened));
  const at = sh('2026-11-23T10:45:00');

  it.each([
    ['claimed', { state: 'claimed' }, { kind: 'done', reason: 'claimed' }],
    ['resolved (by a person or by detection)', { state: 'resolved' }, { kind: 'done', reason: 'resolved' }],
    [
      'silenced',
      { mutedReason: 'silenced: maintenance (by ops, until x)' },
      { kind: 'held', reason: 'silenced: maintenance (by ops, until x)' },
    ],
    [
      'inhibited by a hold',
      { mutedReason: 'inhibited: order on hold (held)' },
      { kind: 'held', reason: 'inhibited: order on hold (held)' },
    ],
  ] as const)('does nothing more when the alert is %s', (_, change, expected) => {
    expect(nextStep({ ...alertAt(opened), ...change }, frozen, at, ALL_DAY)).toEqual(expected);
  });

  it('postpones a level until the snooze ends (a snooze postpones, it does not cancel)', () => {
    const snoozedUntil = sh('2026-11-23T11:15:00');
    const a = alertAt(opened, { snoozedUntil, mutedReason: 'snoozed until 2026-11-23T11:15' });
    expect(nextStep(a, frozen, at, ALL_DAY)).toEqual({ kind: 'wait', level: 1, until: snoozedUntil });
    // After the snooze the stale reason (until the next muting refresh) does not hold it back.
    expect(nextStep(a, frozen, snoozedUntil, ALL_DAY)).toMatchObject({ kind: 'fire', level: 1 });
  });

  it('stops a walk at a claim between levels: level 1 fired, level 2 never does', () => {
    const a = alertAt(opened);
    const { fired, last } = walk(a, frozen, ALL_DAY, {
      before: (now, x) => (now >= sh('2026-11-23T10:40:00') ? { ...x, state: 'claimed' } : x),
    });
    expect(fired.map((f) => f.level)).toEqual([1]);
    expect(last.kind).toBe('done');
  });

  it('stops when detection resolves the alert before the first level', () => {
    const { fired } = walk(alertAt(opened), frozen, ALL_DAY, {
      before: (now, x) => (now >= sh('2026-11-23T10:30:00') ? { ...x, state: 'resolved' } : x),
    });
    expect(fired).toEqual([]);
  });
});
