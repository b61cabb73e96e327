import { describe, expect, it } from 'vitest';
import { defaultEscalation } from '../../../src/config/index.js';
import { freezePolicy, freezeTables, policyNameFor, readFrozen } from '../../../src/escalation/policy.js';
import { resolveNotify } from '../../../src/escalation/targets.js';

const level = (afterMs: number, notify: string[], customerNotice = false) => ({
  afterMs,
  notify,
  customerNotice,
  ding: false,
});
const policies = {
  default: defaultEscalation(),
  logistics: [level(60_000, ['cs'], true)],
  stuck_unshipped: [level(120_000, ['warehouse'], true)],
};

describe('policy selection and freezing', () => {
  it.each([
    [{ rule: 'stuck_unshipped', kind: 'stuck' }, 'stuck_unshipped'],
    [{ rule: 'logistics_no_update', kind: 'logistics' }, 'logistics'],
    [{ rule: 'stuck_unpicked', kind: 'stuck' }, 'default'],
    [{ rule: 'refund_approval', kind: 'refund' }, 'default'],
  ])('picks the policy for %j: %s', (alert, name) => {
    expect(policyNameFor(policies, alert)).toBe(name);
  });

  it('keeps the customer notice of the default 30 min level for stuck orders only', () => {
    expect(freezePolicy(policies, { rule: 'stuck_unpicked', kind: 'stuck' }).levels[0]!.customerNotice).toBe(
      true,
    );
    expect(
      freezePolicy(policies, { rule: 'suspect_test_order', kind: 'suspect' }).levels[0]!.customerNotice,
    ).toBe(false);
    expect(freezePolicy(policies, { rule: 'logistics_no_update', kind: 'logistics' }).levels[0]).toEqual(
      level(60_000, ['cs'], false),
    );
  });

  it('freezes a copy: changing the config afterwards does not change a frozen alert', () => {
    const live = { default: [level(60_000, ['admin'])] };
    const frozen = freezePolicy(live, { rule: 'r', kind: 'stuck' });
    live.default[0]!.notify.push('cs');
    expect(frozen).toEqual({ policy: 'default', levels: [level(60_000, ['admin'])], notified: [] });
  });

  it('builds both SQL tables and reads a snapshot back', () => {
    const t = freezeTables(policies);
    expect(t.notice.default!.levels[0]!.customerNotice).toBe(true);
    expect(t.plain.default!.levels[0]!.customerNotice).toBe(false);
    expect(readFrozen(JSON.parse(JSON.stringify(t.plain.logistics)))).toEqual(t.plain.logistics);
    expect(readFrozen(null)).toBeNull();
    expect(readFrozen({ levels: 3 })).toBeNull();
  });
});

describe('resolveNotify', () => {
  const people = [
    { id: 'zhangsan', name: '张三', roles: ['supervisor'], wecom: 'zs', dingtalk: 'd-zs' },
    { id: 'lisi', name: '李四', roles: ['cs'], wecom: 'lisi', dingtalk: null },
    { id: 'boss', name: '老板', roles: ['admin', 'supervisor'], wecom: null, dingtalk: 'd-boss' },
  ];
  const teams = [{ id: 'ops', onDuty: ['lisi', 'd-boss', 'wangwu'], wecomUsers: ['wangwu'] }];
  const ids = (notify: string[]) => resolveNotify(notify, { people, teams }).map((p) => p.id);

  it.each([
    [['supervisor'], ['zhangsan', 'boss']],
    [['admin'], ['boss']],
    [['lisi'], ['lisi']],
    [['ops'], ['lisi', 'boss', 'wangwu']],
    [
      ['supervisor', 'boss', 'ops'],
      ['zhangsan', 'boss', 'lisi', 'wangwu'],
    ],
    [['finance'], []],
  ])('resolves %j to %j (each person once)', (notify, expected) => {
    expect(ids(notify)).toEqual(expected);
  });

  it('keeps a bare wecom_users on-duty entry as a WeCom-only target', () => {
    expect(resolveNotify(['ops'], { people, teams })[2]).toEqual({
      id: 'wangwu',
      name: 'wangwu',
      wecom: 'wangwu',
      dingtalk: null,
    });
  });
});
