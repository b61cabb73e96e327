import { describe, expect, it } from 'vitest';
import { ACTION_IDS, type ActionId } from '../../../../src/actions/types.js';
import { ROLES, type Role } from '../../../../src/config/index.js';
import { parser } from './parser.js';

describe('specs', () => {
  it('has one spec per action, in ACTION_IDS order', () => {
    expect(parser.specs.map((s) => s.id)).toEqual([...ACTION_IDS]);
  });

  it.each<[ActionId, readonly Role[] | 'anyone', boolean]>([
    ['claim', ROLES, false],
    ['resolve', ROLES, false],
    ['snooze', ROLES, false],
    ['hold', ['cs', 'warehouse', 'supervisor', 'admin'], false],
    ['release', ['warehouse', 'supervisor', 'admin'], true],
    ['approve', ['supervisor', 'finance', 'admin'], true],
    ['reject', ['supervisor', 'finance', 'admin'], true],
    ['merge', ['cs', 'supervisor', 'admin'], true],
    ['legit', ['cs', 'supervisor', 'admin'], false],
    ['show', 'anyone', false],
    ['help', 'anyone', false],
  ])('gives %s the roles %j and confirm %s', (id, roles, confirm) => {
    const spec = parser.specs.find((s) => s.id === id);
    expect(spec?.roles).toEqual(roles);
    expect(spec?.confirm).toBe(confirm);
  });

  it.each<[ActionId, string[]]>([
    ['snooze', ['target', 'duration']],
    ['reject', ['target', 'reason']],
    ['help', []],
    ['show', ['target']],
  ])('gives %s the arguments %j', (id, args) => {
    expect(parser.specs.find((s) => s.id === id)?.args.map((a) => a.name)).toEqual(args);
  });

  it('keeps the contract forms as the first alias (CONTRACT.md §4)', () => {
    const first = Object.fromEntries(parser.specs.map((s) => [s.id, [s.aliases.zh[0], s.aliases.en[0]]]));
    expect(first).toEqual({
      claim: ['认领', 'claim'],
      resolve: ['处理完成', 'resolve'],
      snooze: ['静默', 'snooze'],
      hold: ['拦截', 'hold'],
      release: ['放行', 'release'],
      approve: ['批准退款', 'approve'],
      reject: ['驳回', 'reject'],
      merge: ['合并', 'merge'],
      legit: ['标记正常', 'legit'],
      show: ['查单', 'show'],
      help: ['帮助', 'help'],
    });
  });
});
