import { describe, expect, it } from 'vitest';
import type { ParseFailure } from '../../../../src/actions/types.js';
import { parser } from './parser.js';

function explained(text: string): string {
  const result = parser.parse(text);
  if (result.ok) throw new Error(`"${text}" parsed`);
  return parser.explain(result);
}

describe('explain', () => {
  it.each([
    ['放型 TB20261122001', '没有「放型」这个指令，你是不是想说「放行」？发送「帮助」查看全部指令'],
    ['relase TB20261122001', '没有「relase」这个指令，你是不是想说「release」？发送「帮助」查看全部指令'],
    ['谢谢', '没有「谢谢」这个指令，发送「帮助」查看全部指令'],
    ['', '请写上指令，例如「认领 #a1b2c3d4」；发送「帮助」查看全部指令'],
    [
      '静默 TB20261122001',
      '「静默」还缺少时长（如 30m、2h、1d、1h30m，或 30分钟、2小时、1天，最长 30 天），例如：静默 #a1b2c3d4 2小时',
    ],
    [
      '放行 TB1',
      '「TB1」不是有效的订单号或告警号（如 TB20261122001、taobao:TB20261122001，或卡片上的告警号 #a1b2c3d4），例如：放行 TB20261122001',
    ],
    [
      '驳回 TB20261122001',
      '「驳回」还缺少原因（写在订单号后面，不超过 200 字），例如：驳回 TB20261122001 买家已签收，不符合退款条件',
    ],
  ])('explains "%s"', (text, expected) => {
    expect(explained(text)).toBe(expected);
  });

  it.each([
    ['<script>alert(1)</script>', '＜script＞alert(1)＜/script＞'],
    ['@all', '＠all'],
    ['**粗体**', '＊＊粗体＊＊'],
    ['[点我](http://x)', '［点我］(http://x)'],
    ['`code`', '｀code｀'],
  ])('neutralises markup in the echo of "%s"', (input, shown) => {
    const failure: ParseFailure = { ok: false, error: 'unknown_command', input, suggestion: null };
    const text = parser.explain(failure);
    expect(text).toContain(`「${shown}」`);
    expect(text).not.toMatch(/[<>@*[\]`]/);
  });

  it('cuts an echo to 30 characters', () => {
    const failure: ParseFailure = {
      ok: false,
      error: 'bad_arg',
      command: 'show',
      arg: 'target',
      value: '长'.repeat(64),
    };
    const echo = /「(.*?)」/.exec(parser.explain(failure))?.[1] ?? '';
    expect([...echo]).toHaveLength(30);
    expect(echo.endsWith('…')).toBe(true);
  });

  it('does not split an emoji or let a newline through', () => {
    const failure: ParseFailure = {
      ok: false,
      error: 'unknown_command',
      input: '🙂'.repeat(40) + '\n# 标题',
      suggestion: null,
    };
    const text = parser.explain(failure);
    expect(text).not.toContain('\n');
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('does not evaluate a template-looking echo', () => {
    const failure: ParseFailure = {
      ok: false,
      error: 'unknown_command',
      input: '{{help}}',
      suggestion: null,
    };
    expect(parser.explain(failure)).toBe('没有「{{help}}」这个指令，发送「帮助」查看全部指令');
  });
});
