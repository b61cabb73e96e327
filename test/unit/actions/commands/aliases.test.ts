import { describe, expect, it } from 'vitest';
import type { ActionId } from '../../../../src/actions/types.js';
import { ORDER, parsed, parser } from './parser.js';

// What follows the alias for each command to parse: a target, plus the duration / reason some need.
const ARGS: Record<ActionId, string> = {
  claim: 'TB20261122001',
  resolve: 'TB20261122001',
  snooze: 'TB20261122001 2h',
  hold: 'TB20261122001',
  release: 'TB20261122001',
  approve: 'TB20261122001',
  reject: 'TB20261122001 地址错了',
  merge: 'TB20261122001',
  legit: 'TB20261122001',
  show: 'TB20261122001',
  help: '',
};

const rows = parser.specs.flatMap((spec) =>
  (['zh', 'en'] as const).flatMap((lang) =>
    spec.aliases[lang].flatMap((alias) => [
      { id: spec.id, lang, text: `${alias} ${ARGS[spec.id]}`.trim() },
      { id: spec.id, lang, text: `${alias}${ARGS[spec.id]}` },
    ]),
  ),
);

describe('parse: aliases', () => {
  it('has at least one Chinese and one English alias for every command', () => {
    for (const spec of parser.specs) {
      expect(spec.aliases.zh.length, spec.id).toBeGreaterThan(0);
      expect(spec.aliases.en.length, spec.id).toBeGreaterThan(0);
    }
  });

  it.each(rows)('reads "$text" as $id ($lang)', ({ id, text }) => {
    const command = parsed(parser.parse(text));
    expect(command.command).toBe(id);
    expect(command.target).toEqual(id === 'help' ? null : ORDER);
  });

  it.each([
    ['批准退款 TB20261122001', 'approve'],
    ['批准退款TB20261122001', 'approve'],
    ['拦截发货 TB20261122001', 'hold'],
    ['查看订单 TB20261122001', 'show'],
    ['我来处理 TB20261122001', 'claim'],
    ['驳回退款 TB20261122001 重复申请', 'reject'],
  ])('picks the longest alias when "%s" starts with a shorter one too', (text, id) => {
    const command = parsed(parser.parse(text));
    expect(command.command).toBe(id);
    expect(command.target).toEqual(ORDER);
  });

  it('picks the longest alias even when the target is then invalid ("批准退款 TB1")', () => {
    expect(parser.parse('批准退款 TB1')).toEqual({
      ok: false,
      error: 'bad_arg',
      command: 'approve',
      arg: 'target',
      value: 'TB1',
    });
  });

  it.each([
    ['RELEASE TB20261122001', 'release'],
    ['Release TB20261122001', 'release'],
    ['ｒｅｌｅａｓｅ　ＴＢ２０２６１１２２００１', 'release'],
    ['放行　ＴＢ２０２６１１２２００１', 'release'],
    ['  放行 TB20261122001  ', 'release'],
    ['@订单守望 放行 TB20261122001', 'release'],
    ['@订单守望\u2005放行 TB20261122001', 'release'],
    ['＠订单守望 ＠张三 放行 TB20261122001', 'release'],
    ['放行\u200b TB20261122001', 'release'],
    ['release\tTB20261122001', 'release'],
  ])('normalises "%s" (case, full width, mentions, odd spaces)', (text, id) => {
    const command = parsed(parser.parse(text));
    expect(command.command).toBe(id);
    expect(command.target).toEqual(ORDER);
  });

  it.each(['holdings TB20261122001', 'shows TB20261122001', 'helpme'])(
    'does not read an English alias inside a longer word ("%s")',
    (text) => {
      expect(parser.parse(text)).toMatchObject({ ok: false, error: 'unknown_command' });
    },
  );

  it.each(['帮助', 'help', 'HELP', '?', '？', '帮助 放行', '@订单守望 帮助'])(
    'reads "%s" as help',
    (text) => {
      expect(parsed(parser.parse(text))).toEqual({
        command: 'help',
        target: null,
        durationMs: null,
        reason: null,
      });
    },
  );
});
