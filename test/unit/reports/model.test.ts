import { describe, expect, it } from 'vitest';
import {
  isReportDate,
  shanghaiDate,
  shanghaiDayBounds,
  shanghaiHour,
  shanghaiYesterday,
  trafficLight,
} from '../../../src/reports/model.js';

describe('trafficLight (judged on the p90 in minutes)', () => {
  it.each([
    [null, 'none'],
    [0, 'green'],
    [300, 'green'],
    [360, 'green'],
    [360.1, 'yellow'],
    [420, 'yellow'],
    [480, 'yellow'],
    [480.1, 'red'],
    [2000, 'red'],
  ] as const)('shows %s minutes as %s', (p90, light) => {
    expect(trafficLight(p90)).toBe(light);
  });
});

describe('Asia/Shanghai days', () => {
  it.each([
    ['2026-11-22', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-1-02', false],
    ['yesterday', false],
    ['', false],
  ])('judges %j a report date: %s', (s, ok) => {
    expect(isReportDate(s)).toBe(ok);
  });

  it('bounds a day at 16:00 UTC the evening before when given a date', () => {
    expect(shanghaiDayBounds('2026-11-22')).toEqual({
      from: new Date('2026-11-21T16:00:00Z'),
      to: new Date('2026-11-22T16:00:00Z'),
    });
  });

  it.each([
    ['2026-11-22T15:59:59Z', '2026-11-22', 23, '2026-11-21'],
    ['2026-11-22T16:00:00Z', '2026-11-23', 0, '2026-11-22'],
    ['2026-11-23T01:00:00Z', '2026-11-23', 9, '2026-11-22'],
    ['2027-01-01T00:30:00Z', '2027-01-01', 8, '2026-12-31'],
  ])('puts %s on %s, hour %i, yesterday %s', (iso, date, hour, yesterday) => {
    const now = new Date(iso);
    expect([shanghaiDate(now), shanghaiHour(now), shanghaiYesterday(now)]).toEqual([date, hour, yesterday]);
  });
});
