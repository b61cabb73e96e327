import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, parseDuration } from '../../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1d2h3m4s', 93_784_000],
    [' 45m ', 2_700_000],
  ])('returns milliseconds when given %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['5x', /"5x" is not a duration/],
    ['', /is not a duration/],
    ['2 h', /is not a duration/],
    ['1.5h', /is not a duration/],
    ['30m1h', /is not a duration/],
    ['h', /is not a duration/],
    ['-5m', /negative/],
    ['0s', /zero/],
    ['0m0s', /zero/],
  ])('throws a DurationError naming the text when given %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
    expect(() => parseDuration(text)).toThrow(message);
  });

  it.each([
    [30, /30 \(no unit\)/],
    [null, /got object/],
    [undefined, /got undefined/],
  ])('throws when given the non-string %j', (value, message) => {
    expect(() => parseDuration(value)).toThrow(message);
  });

  it('accepts zero when allowZero is set', () => {
    expect(parseDuration('0s', { allowZero: true })).toBe(0);
  });
});

describe('formatDuration', () => {
  it.each([
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [90_000, '1m30s'],
    [0, '0s'],
    [1_500, '1500ms'],
  ])('formats %j as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration when the duration is whole seconds', () => {
    for (const text of ['90s', '2h', '1d2h3m4s', '45m']) {
      expect(parseDuration(formatDuration(parseDuration(text)))).toBe(parseDuration(text));
    }
  });
});
