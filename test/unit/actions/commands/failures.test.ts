import { describe, expect, it } from 'vitest';
import type { ActionId, ArgSpec } from '../../../../src/actions/types.js';
import { parser } from './parser.js';

describe('parse: missing arguments and empty input', () => {
  it.each<[string, ActionId, ArgSpec['name']]>([
    ['认领', 'claim', 'target'],
    ['claim', 'claim', 'target'],
    ['处理完成', 'resolve', 'target'],
    ['静默', 'snooze', 'target'],
    ['静默 2h', 'snooze', 'target'],
    ['静默 TB20261122001', 'snooze', 'duration'],
    ['拦截', 'hold', 'target'],
    ['放行 ', 'release', 'target'],
    ['批准退款', 'approve', 'target'],
    ['驳回', 'reject', 'target'],
    ['驳回 TB20261122001', 'reject', 'reason'],
    ['驳回 TB20261122001 ：', 'reject', 'reason'],
    ['合并', 'merge', 'target'],
    ['标记正常', 'legit', 'target'],
    ['查单', 'show', 'target'],
    ['@订单守望 查单', 'show', 'target'],
  ])('fails with missing_arg when "%s" lacks its %s', (text, command, arg) => {
    expect(parser.parse(text)).toEqual({ ok: false, error: 'missing_arg', command, arg });
  });

  it.each(['', '   ', '\u3000', '@订单守望', '@订单守望 ', '\u200b'])('fails with empty for %j', (text) => {
    expect(parser.parse(text)).toEqual({ ok: false, error: 'empty' });
  });

  it.each([undefined, null, 42, {}])('fails with empty when the text is not a string (%j)', (text) => {
    expect(parser.parse(text as unknown as string)).toEqual({ ok: false, error: 'empty' });
  });
});

const HOSTILE = [
  '<script>alert(1)</script>',
  '放行 <script>alert(1)</script>',
  "'; DROP TABLE alerts; --",
  "放行 TB20261122001'; DROP TABLE alerts; --",
  '{{constructor.constructor "return process"}}',
  '放行 {{#each this}}{{/each}}',
  '@all 放行 TB20261122001 @all',
  '[点我](http://evil.example) 放行',
  '`rm -rf /`',
  '\u0000\u0001\u0007',
  '放行 ' + '#'.repeat(400),
  '静默 TB20261122001 ' + '1'.repeat(400),
  '静默 TB20261122001 ' + '1h'.repeat(200),
  '驳回 taobao:' + ':'.repeat(400),
  '查单 ' + 'a-'.repeat(240),
  '@'.repeat(499) + ' 帮助',
  '@ '.repeat(249),
  '放行' + '\u200b'.repeat(480) + 'TB20261122001',
  'x'.repeat(10_000),
  '放行 TB20261122001 ' + '长'.repeat(10_000),
  '驳回 TB20261122001 ' + '<b>'.repeat(3_000),
  '🙂'.repeat(5_000),
];

describe('parse: hostile and oversized input', () => {
  it.each(HOSTILE.map((text) => [text.slice(0, 40), text]))(
    'does not throw and answers a failure or plain text for %j',
    (_, text) => {
      const result = parser.parse(text);
      if (result.ok) {
        expect(result.command.command).toBeTypeOf('string');
        expect(result.command.reason === null || result.command.reason.length <= 200).toBe(true);
      } else {
        expect(parser.explain(result)).toBeTypeOf('string');
      }
    },
  );

  it('does not read input over 500 characters at all', () => {
    expect(parser.parse('放行 TB20261122001 ' + '长'.repeat(10_000))).toMatchObject({
      ok: false,
      error: 'unknown_command',
      suggestion: null,
    });
  });

  it('treats a template-looking reason as plain text', () => {
    expect(parser.parse('驳回 TB20261122001 {{reason}}')).toMatchObject({
      ok: true,
      command: { reason: '{{reason}}' },
    });
  });

  it('strips a @mention only at the start, not inside the reason', () => {
    expect(parser.parse('@all 驳回 TB20261122001 @all 看这里')).toMatchObject({
      ok: true,
      command: { command: 'reject', reason: '@all 看这里' },
    });
  });
});
