import { describe, expect, it } from 'vitest';
import { parser } from './parser.js';

describe('isConfirmation', () => {
  it.each([
    '确认',
    '确定',
    '是',
    '是的',
    'yes',
    'YES',
    'Yes',
    'y',
    'confirm',
    'ok',
    ' 确认 ',
    '确认！',
    '确认。',
    'ｙｅｓ',
    '@订单守望 确认',
  ])('accepts %j', (text) => {
    expect(parser.isConfirmation(text)).toBe(true);
  });

  it.each([
    '',
    '否',
    '不',
    'no',
    'n',
    '确认吗',
    '不确认',
    '确认 放行 TB20261122001',
    'yess',
    '是'.repeat(100),
    'x'.repeat(10_000),
  ])('rejects %j', (text) => {
    expect(parser.isConfirmation(text)).toBe(false);
  });

  it('rejects a non-string', () => {
    expect(parser.isConfirmation(undefined as unknown as string)).toBe(false);
  });
});
