// Durations as people write them in orderwatch.yaml and chat: `90s`, `30m`, `2h`, `1d`, or combined `1h30m`.

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const HINT = 'use a number and a unit: 90s, 30m, 2h, 1d (or combined, largest unit first: 1h30m)';

/** The text is not a duration, or not one allowed here. The message names the offending text. */
export class DurationError extends Error {
  override readonly name = 'DurationError';
}

export interface DurationOptions {
  /** Accept `0s`; by default a duration must be positive. */
  allowZero?: boolean;
}

/** Parses `90s` / `30m` / `2h` / `1d` / `1h30m` into milliseconds; throws DurationError otherwise. */
export function parseDuration(input: unknown, options: DurationOptions = {}): number {
  if (typeof input !== 'string') {
    const shown = typeof input === 'number' ? `${input} (no unit)` : typeof input;
    throw new DurationError(`expected a duration, got ${shown}; ${HINT}`);
  }
  const text = input.trim();
  if (text.startsWith('-')) throw new DurationError(`"${text}" is negative; a duration must be positive`);
  const match = DURATION.exec(text);
  if (text === '' || !match) throw new DurationError(`"${text}" is not a duration; ${HINT}`);
  const [, d, h, m, s] = match;
  const ms =
    Number(d ?? 0) * UNIT_MS.d +
    Number(h ?? 0) * UNIT_MS.h +
    Number(m ?? 0) * UNIT_MS.m +
    Number(s ?? 0) * UNIT_MS.s;
  if (!Number.isSafeInteger(ms)) throw new DurationError(`"${text}" is too long`);
  if (ms === 0 && !options.allowZero)
    throw new DurationError(`"${text}" is zero; a duration must be positive`);
  return ms;
}

/** The inverse of parseDuration for whole seconds (`5400000` → `1h30m`); other values as `<n>ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms % 1000 !== 0) return `${ms}ms`;
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
