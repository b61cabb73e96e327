import { describe, expect, it } from 'vitest';
import type { Role } from '../../../../src/config/index.js';
import type { ActionId } from '../../../../src/actions/types.js';
import { parser } from './parser.js';

/** The commands a help text lists, by their Chinese alias in bold at a line start. */
function listed(text: string): ActionId[] {
  const zh = new Map(parser.specs.map((s) => [s.aliases.zh[0], s.id]));
  return [...text.matchAll(/^\*\*(.+?)\*\* \//gm)].map((m) => zh.get(m[1] ?? '') as ActionId);
}

const EVERYONE: ActionId[] = ['claim', 'resolve', 'snooze'];

describe('help', () => {
  it.each<[string, Role[] | null, ActionId[]]>([
    ['an unknown person', null, ['show', 'help']],
    ['a person without roles', [], ['show', 'help']],
    ['cs', ['cs'], [...EVERYONE, 'hold', 'merge', 'legit', 'show', 'help']],
    ['warehouse', ['warehouse'], [...EVERYONE, 'hold', 'release', 'show', 'help']],
    ['finance', ['finance'], [...EVERYONE, 'approve', 'reject', 'show', 'help']],
    [
      'supervisor',
      ['supervisor'],
      [...EVERYONE, 'hold', 'release', 'approve', 'reject', 'merge', 'legit', 'show', 'help'],
    ],
    [
      'admin',
      ['admin'],
      [...EVERYONE, 'hold', 'release', 'approve', 'reject', 'merge', 'legit', 'show', 'help'],
    ],
    [
      'cs + finance',
      ['cs', 'finance'],
      [...EVERYONE, 'hold', 'approve', 'reject', 'merge', 'legit', 'show', 'help'],
    ],
  ])('lists only what %s may run', (_, roles, expected) => {
    expect(listed(parser.help(roles))).toEqual(expected);
  });

  it('does not show approve to cs', () => {
    expect(parser.help(['cs'])).not.toContain('批准退款');
  });

  it('tells an unknown person to ask an admin, and nobody else', () => {
    expect(parser.help(null)).toContain('请联系管理员');
    expect(parser.help([])).not.toContain('请联系管理员');
    expect(parser.help(['admin'])).not.toContain('请联系管理员');
  });

  it('gives each command its Chinese and English alias, arguments and description', () => {
    const text = parser.help(['admin']);
    expect(text).toContain('**静默** / snooze 〈订单号或告警号〉 〈时长〉：一段时间内不再提醒这条告警');
    expect(text).toContain(
      '**驳回** / reject 〈订单号或告警号〉 〈原因〉：驳回退款，订单号后写上原因（需回复「确认」）',
    );
    expect(text).toContain('**帮助** / help：查看可用的指令');
  });

  it('renders the help of an unknown person exactly', () => {
    expect(parser.help(null)).toBe(
      [
        '**订单守望 · 你可以用的指令**',
        '**查单** / show 〈订单号或告警号〉：查看订单和告警的详情',
        '**帮助** / help：查看可用的指令',
        '订单号或告警号：如 TB20261122001、taobao:TB20261122001，或卡片上的告警号 #a1b2c3d4',
        '你还不在订单守望的人员名单里，目前只能查单和查看帮助；需要处理告警请联系管理员把你加进来。',
      ].join('\n'),
    );
  });
});
