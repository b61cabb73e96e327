// Typed, formatting reads of a finding's `details` (Record<string, unknown> as stored in alerts.details).
// A missing or mistyped value reads as the "none" word rather than crashing a card.
import { formatDurationZh, formatMoney, formatShanghai, parseIso } from './format.js';
import { fill, rulePhrase, type Labels } from './labels.js';

const MINUTE = 60_000;

export interface DetailsContext {
  rule: string;
  details: Record<string, unknown>;
  labels: Labels;
  now: Date;
}

export interface DetailsReader {
  str(key: string): string | null;
  num(key: string): number | null;
  bool(key: string): boolean;
  list(key: string): string[];
  /** An ISO instant as "11-22 18:05". */
  time(key: string): string;
  /** Time from the ISO instant to now ("3小时12分"), else the finding's own minute count. */
  since(isoKey: string, minutesKey: string): string;
  /** A length of time given in ms, e.g. a window. */
  duration(msKey: string): string;
  money(fenKey: string): string;
  /** labels.yaml `rules.<rule>.<key>` with placeholders filled. */
  phrase(key: string, values?: Record<string, string | number>): string;
  readonly none: string;
}

export function readDetails(ctx: DetailsContext): DetailsReader {
  const { details, labels, now } = ctx;
  const none = labels.words.none;
  const num = (key: string): number | null => {
    const v = details[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const duration = (ms: number | null): string => (ms === null ? none : formatDurationZh(ms, labels.units));
  return {
    none,
    num,
    str: (key) => (typeof details[key] === 'string' ? (details[key] as string) : null),
    bool: (key) => details[key] === true,
    list: (key) => (Array.isArray(details[key]) ? (details[key] as unknown[]).map(String) : []),
    time(key) {
      const d = parseIso(details[key]);
      return d === null ? none : formatShanghai(d);
    },
    since(isoKey, minutesKey) {
      const from = parseIso(details[isoKey]);
      if (from !== null) return duration(now.getTime() - from.getTime());
      const minutes = num(minutesKey);
      return duration(minutes === null ? null : minutes * MINUTE);
    },
    duration: (msKey) => duration(num(msKey)),
    money(fenKey) {
      const fen = num(fenKey);
      return fen === null ? none : formatMoney(fen, labels);
    },
    phrase: (key, values = {}) => fill(rulePhrase(labels, ctx.rule, key), values),
  };
}
