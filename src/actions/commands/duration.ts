// Snooze durations as people type them in a chat: the config's 30m / 2h / 1d / 1h30m, and the Chinese
// 30分钟 / 2小时 / 1天 / 1小时30分钟 / 半小时. Chinese units are rewritten to the config's letters and the
// result goes through parseDuration, so both spellings have one meaning and one set of limits.
import { DurationError, parseDuration } from '../../config/index.js';
import { lowerAscii } from './normalize.js';

// Longest unit first: 小时 must not be read as 时, 分钟 as 分.
const UNIT_LETTER: Record<string, string> = {
  天: 'd',
  日: 'd',
  个小时: 'h',
  小时: 'h',
  钟头: 'h',
  时: 'h',
  分钟: 'm',
  分: 'm',
  秒钟: 's',
  秒: 's',
  d: 'd',
  h: 'h',
  m: 'm',
  s: 's',
};
const UNITS = Object.keys(UNIT_LETTER).sort((a, b) => b.length - a.length);
const NUMBER = /\d{1,6}/y;
const HALF_HOUR = '半小时';
/** Longer than a month is a typo (2000h), not a plan: the alert would outlive anyone's memory of it. */
export const MAX_SNOOZE_MS = 30 * 86_400_000;

export interface ReadDuration {
  /** Null when it reads like a duration but is not a valid one (0m, 30m1h, 31d). */
  ms: number | null;
  /** How many characters of the text it took. */
  length: number;
}

/** The duration at the start of `typed`, or null when none starts there. */
export function readDuration(typed: string): ReadDuration | null {
  const text = lowerAscii(typed);
  if (text.startsWith(HALF_HOUR)) return { ms: 30 * 60_000, length: HALF_HOUR.length };
  let pos = 0;
  let letters = '';
  for (;;) {
    NUMBER.lastIndex = pos;
    const number = NUMBER.exec(text);
    if (number === null) break;
    let at = pos + number[0].length;
    while (text.charAt(at) === ' ') at++;
    const unit = UNITS.find((u) => text.startsWith(u, at));
    if (unit === undefined) break;
    letters += `${number[0]}${UNIT_LETTER[unit]}`;
    pos = at + unit.length;
  }
  if (letters === '') return null;
  try {
    const ms = parseDuration(letters);
    return { ms: ms <= MAX_SNOOZE_MS ? ms : null, length: pos };
  } catch (err) {
    if (err instanceof DurationError) return { ms: null, length: pos };
    throw err;
  }
}
