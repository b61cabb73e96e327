import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/lib/errors.js';
import {
  TEXT_LIMITS,
  describeValue,
  readText,
  textProblem,
  type TextKind,
} from '../../../src/ingest/text-rules.js';

function read(value: unknown, kind: TextKind, required = false): { value: string | null; issues: Issue[] } {
  const issues: Issue[] = [];
  return { value: readText({ f: value }, 'f', kind, '/orders/0', issues, { required }), issues };
}

describe('textProblem', () => {
  it.each(Object.entries(TEXT_LIMITS) as [TextKind, number][])(
    'accepts exactly the limit and rejects one more when the kind is %s (max %d)',
    (kind, max) => {
      expect(textProblem('字'.repeat(max), kind)).toBeNull();
      expect(textProblem('字'.repeat(max + 1), kind)).toContain(`最多 ${max} 个字符`);
    },
  );

  it('counts an emoji as one character when measuring length', () => {
    expect(textProblem('😀'.repeat(64), 'externalId')).toBeNull();
    expect(textProblem('😀'.repeat(65), 'externalId')).toContain('实际 65');
  });

  it.each([
    ['NUL', 'a\u0000b', 'remark'],
    ['NUL', 'a\u0000b', 'name'],
    ['BEL', 'a\u0007b', 'remark'],
    ['ESC', '\u001b[31mred', 'description'],
    ['DEL', 'a\u007fb', 'sku'],
    ['C1 NEL', 'a\u0085b', 'reason'],
    ['C1 CSI', 'a\u009bb', 'name'],
    ['LINE SEPARATOR', 'a\u2028b', 'remark'],
    ['PARAGRAPH SEPARATOR', 'a\u2029b', 'detail'],
    ['lone high surrogate', 'a\ud83db', 'remark'],
    ['lone low surrogate', 'a\ude00b', 'name'],
    ['trailing high surrogate', 'ab\ud83d', 'itemName'],
    ['tab', 'a\tb', 'name'],
    ['newline', 'a\nb', 'externalId'],
    ['carriage return', 'a\rb', 'detail'],
  ])('rejects a %s when it appears in %j (%s)', (_label, s, kind) => {
    expect(textProblem(s, kind as TextKind)).toMatch(/控制字符 U\+[0-9A-F]{4}/);
  });

  it.each(['remark', 'description', 'reason', 'text'] as TextKind[])(
    'allows tab and line breaks when the kind is the free text %s',
    (kind) => {
      expect(textProblem('第一行\r\n第二行\n\t缩进', kind)).toBeNull();
    },
  );

  it('says which control character and where when one is found', () => {
    expect(textProblem('张三\u0007', 'name')).toBe(
      '包含不可见控制字符 U+0007（第 3 个字符） / contains control character U+0007 at position 3',
    );
  });

  it.each([
    "'; DROP TABLE orders;--",
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '{{constructor.constructor("alert(1)")()}}',
    '${7*7} %s %n',
    '😀 emoji 👍🏽 and 中文',
  ])('accepts %j because only controls and length are rejected', (s) => {
    expect(textProblem(s, 'remark')).toBeNull();
    expect(textProblem(s, 'name')).toBeNull();
  });
});

describe('readText', () => {
  it.each([
    ["'; DROP TABLE orders;--", 'remark', "'; DROP TABLE orders;--"],
    ['<script>alert(1)</script>', 'name', '<script>alert(1)</script>'],
    ['  SKU-1  ', 'sku', 'SKU-1'],
    ['  张   三 ', 'name', '张 三'],
    ['文一西路９６９号', 'detail', '文一西路969号'],
    ['  多个  空格\n保留 ', 'remark', '  多个  空格\n保留 '],
    [1234567890123, 'externalId', '1234567890123'],
  ] as [unknown, TextKind, string][])('reads %j as %s text %j', (input, kind, expected) => {
    expect(read(input, kind)).toEqual({ value: expected, issues: [] });
  });

  it.each([
    [undefined, true, '必填 / required'],
    [null, true, '必填 / required'],
    ['   ', true, '不能为空 / must not be empty'],
    [12, false, '必须是字符串 / must be a string'],
    [{}, false, '必须是字符串 / must be a string'],
    [true, false, '必须是字符串 / must be a string'],
  ])('reports %j at the field pointer (required=%s)', (input, required, message) => {
    expect(read(input, 'name', required)).toEqual({
      value: null,
      issues: [{ path: '/orders/0/f', message }],
    });
  });

  it('rejects a newline in a name instead of folding it into a space', () => {
    const r = read('张\n三', 'name');
    expect(r.value).toBeNull();
    expect(r.issues[0]?.message).toContain('U+000A');
  });

  it('returns null without an issue when an optional identifier is absent or blank', () => {
    expect(read(undefined, 'shopId')).toEqual({ value: null, issues: [] });
    expect(read('  ', 'shopId')).toEqual({ value: null, issues: [] });
  });

  it('keeps an empty free text as "" when it is optional', () => {
    expect(read('', 'remark')).toEqual({ value: '', issues: [] });
  });

  it('measures length after normalising whitespace when the text is display text', () => {
    expect(read(` ${'字'.repeat(100)}   `, 'name').issues).toEqual([]);
  });
});

describe('describeValue', () => {
  it.each([
    ['foo', '"foo"'],
    ['a\u0000b', '"a?b"'],
    ['x'.repeat(50), `"${'x'.repeat(40)}…"`],
    [42, '42'],
    [null, 'null'],
    [[1], 'array'],
    [{ a: 1 }, 'object'],
  ])('renders %j as %s', (v, s) => {
    expect(describeValue(v)).toBe(s);
  });
});
