import { describe, expect, it } from 'vitest';
import { isQuiet, releaseAt } from '../../../src/customers/quiet-hours.js';

// Times are Beijing time (+08:00); release is what the notice's send_at becomes.
describe('quiet hours 22:00–08:00 Asia/Shanghai', () => {
  it.each([
    ['2026-11-22T21:59:00+08:00', false, '2026-11-22T21:59:00+08:00'],
    ['2026-11-22T21:59:59.999+08:00', false, '2026-11-22T21:59:59.999+08:00'],
    ['2026-11-22T22:00:00+08:00', true, '2026-11-23T08:00:00+08:00'],
    ['2026-11-22T23:30:00+08:00', true, '2026-11-23T08:00:00+08:00'],
    ['2026-11-23T00:00:00+08:00', true, '2026-11-23T08:00:00+08:00'],
    ['2026-11-23T03:15:00+08:00', true, '2026-11-23T08:00:00+08:00'],
    ['2026-11-23T07:59:00+08:00', true, '2026-11-23T08:00:00+08:00'],
    ['2026-11-23T08:00:00+08:00', false, '2026-11-23T08:00:00+08:00'],
    ['2026-11-23T12:00:00+08:00', false, '2026-11-23T12:00:00+08:00'],
    // Across a month and a year end.
    ['2026-11-30T23:00:00+08:00', true, '2026-12-01T08:00:00+08:00'],
    ['2026-12-31T22:30:00+08:00', true, '2027-01-01T08:00:00+08:00'],
  ])('treats %s as quiet=%s and releases it at %s', (at, quiet, release) => {
    expect(isQuiet(new Date(at))).toBe(quiet);
    expect(releaseAt(new Date(at)).getTime()).toBe(new Date(release).getTime());
  });

  it('does the same when the instant is written in UTC', () => {
    // 15:30Z is 23:30 in Shanghai: held until 00:00Z (08:00 Shanghai) the next day.
    expect(releaseAt(new Date('2026-11-22T15:30:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(isQuiet(new Date('2026-11-22T13:59:00Z'))).toBe(false);
  });

  it('honours other hours when configured', () => {
    const q = { startHour: 21, endHour: 9 };
    expect(releaseAt(new Date('2026-11-22T21:00:00+08:00'), q).toISOString()).toBe(
      '2026-11-23T01:00:00.000Z',
    );
    expect(isQuiet(new Date('2026-11-23T08:30:00+08:00'), q)).toBe(true);
  });
});
