import { describe, expect, it } from 'vitest';
import { MAX_FEN, formatFen, parseYuanToFen } from '../../../src/domain/money.js';

describe('parseYuanToFen', () => {
  it.each([
    ['399', 39900],
    ['399.5', 39950],
    ['399.00', 39900],
    ['0', 0],
    ['0.01', 1],
    [' 12.30 ', 1230],
    ['0399', 39900],
    [399.5, 39950],
    [399, 39900],
    [19.99, 1999],
    [0.29, 29],
    [1.13, 113], // 1.13 * 100 === 112.99999999999999
    [4.35, 435], // 4.35 * 100 === 434.99999999999994
  ])('reads %j as %d fen', (input, fen) => {
    expect(parseYuanToFen(input)).toEqual({ ok: true, fen });
  });

  it.each([
    [0.1 + 0.2, 30],
    [1.15 + 1.15, 230],
    [4.35 * 3, 1305],
  ])('does not lose a fen to float noise when given the number %d', (input, fen) => {
    expect(parseYuanToFen(input)).toEqual({ ok: true, fen });
  });

  it.each([
    ['1.001', '两位小数'],
    [1.001, '两位小数'],
    ['1.000', '两位小数'],
    ['-1', '负数'],
    [-0.5, '负数'],
    ['1e3', '科学计数法'],
    ['1.5E2', '科学计数法'],
    ['', '为空'],
    ['   ', '为空'],
    ['abc', '格式不正确'],
    ['NaN', '格式不正确'],
    ['399.', '格式不正确'],
    ['.5', '格式不正确'],
    ['1,000.00', '格式不正确'],
    ['¥399', '格式不正确'],
    [Number.NaN, '不是有效数字'],
    [Number.POSITIVE_INFINITY, '不是有效数字'],
    ['10000000000.01', '过大'],
    ['99999999999999999999', '过大'],
    [1e11, '过大'],
    [null, '数字或数字字符串'],
    [true, '数字或数字字符串'],
    [{ amount: 1 }, '数字或数字字符串'],
  ])('rejects %j with a message mentioning %s', (input, fragment) => {
    const r = parseYuanToFen(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(fragment);
  });

  it('gives the bilingual decimal-places message when there are more than 2 decimals', () => {
    expect(parseYuanToFen('1.001')).toEqual({
      ok: false,
      message: '金额最多两位小数 / at most 2 decimal places',
    });
  });

  it('accepts exactly the upper bound when the amount is 100 亿元', () => {
    expect(parseYuanToFen('10000000000.00')).toEqual({ ok: true, fen: MAX_FEN });
  });

  it('agrees with the string form for every cent value when given numbers', () => {
    for (let fen = 0; fen < 100_000; fen += 7) {
      const yuan = Number(formatFen(fen));
      expect(parseYuanToFen(yuan)).toEqual({ ok: true, fen });
    }
  });
});

describe('formatFen', () => {
  it.each([
    [39900, '399.00'],
    [1999, '19.99'],
    [5, '0.05'],
    [0, '0.00'],
    [-150, '-1.50'],
  ])('formats %d fen as %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });
});
