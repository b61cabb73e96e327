import { describe, expect, it } from 'vitest';
import { formatFen, MoneyError, parseMoneyToFen } from '../../../src/config/money.js';

describe('parseMoneyToFen', () => {
  it.each([
    ['2000.00', 200_000],
    ['0.00', 0],
    ['0', 0],
    ['0.5', 50],
    ['399.99', 39_999],
    [12, 1_200],
    [0.1, 10],
    [19.99, 1_999],
  ])('returns integer fen when given %j', (input, fen) => {
    expect(parseMoneyToFen(input)).toBe(fen);
  });

  it.each([
    ['1.234', /at most 2 decimal places/],
    ['-1.00', /must not be negative/],
    [-5, /must not be negative/],
    ['abc', /must look like "399"/],
    ['1,000.00', /must look like "399"/],
    [null, /must be a decimal string or number/],
    [true, /must be a decimal string or number/],
    [Number.NaN, /not a finite number/],
  ])('throws a MoneyError when given %j', (input, message) => {
    expect(() => parseMoneyToFen(input)).toThrow(MoneyError);
    expect(() => parseMoneyToFen(input)).toThrow(message);
  });
});

describe('formatFen', () => {
  it.each([
    [200_000, '2000.00'],
    [5, '0.05'],
    [0, '0.00'],
  ])('formats %j fen as %j yuan', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });
});
