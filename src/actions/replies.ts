// The answers of chat actions (templates/replies/*.hbs and words.yaml; the parser owns help.hbs,
// parse-*.hbs and commands.yaml). Data in, text out: every choice is made in TypeScript. Loaded and
// validated once, so a missing template or word fails at start-up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { parse } from 'yaml';
import * as z from 'zod';
import { formatFen } from '../domain/money.js';
import { formatShanghai } from '../notify/render/format.js';
import { loadLabels, type Labels } from '../notify/render/labels.js';
import { resolveReasonZh } from '../notify/render/resolve-reason.js';

export const REPLY_NAMES = [
  'denied-unknown', 'denied-role', 'denied-self', 'denied-again', 'claim-ok', 'claim-taken', 'alert-closed',
  'resolve-ok', 'snooze-ok', 'hold-ok', 'hold-held', 'hold-shipped', 'hold-finished', 'release-ok',
  'release-not-held', 'approve-ok', 'approve-partial', 'refund-decided', 'reject-ok', 'merge-ok', 'merge-none',
  'merge-done', 'legit-ok', 'show', 'show-alert', 'confirm-ask', 'confirm-none', 'target-none',
  'target-orders', 'target-alerts', 'target-no-alert', 'target-wrong', 'error',
] as const; // prettier-ignore
export type ReplyName = (typeof REPLY_NAMES)[number];

const text = z.string().min(1);
const dict = (keys: readonly string[]) => z.object(Object.fromEntries(keys.map((k) => [k, text])));
const WordsSchema = z.object({
  action: z.record(z.string(), text),
  role: z.record(z.string(), text),
  state: dict(['open', 'claimed', 'resolved']),
  platform: dict(['wecom', 'dingtalk']),
  decided: dict(['approved', 'rejected']),
  button: z.record(z.string(), text),
  what: dict(['order', 'alert', 'refund', 'open', 'duplicate', 'suspect']),
  held: text,
  separator: text,
  none: text,
  noReason: text,
});
export type ReplyWords = z.infer<typeof WordsSchema>;

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates', import.meta.url));

export interface Replies {
  render(name: ReplyName, data: Record<string, unknown>): string;
  readonly words: ReplyWords;
  /** templates/cards/labels.yaml: rule, channel and order-status names. */
  readonly labels: Labels;
  ruleName(rule: string): string;
  statusName(status: string): string;
  resolveReason(reason: string | null): string;
  /** "14:05" in Asia/Shanghai. */
  time(d: Date): string;
  /** "11-22 14:05" in Asia/Shanghai. */
  dateTime(d: Date): string;
  money(fen: number): string;
  list(items: readonly string[]): string;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** `templatesDir`: the templates/ root (replies/ and cards/labels.yaml are read from it). */
export function loadReplies(templatesDir = DEFAULT_TEMPLATES_DIR): Replies {
  const dir = join(templatesDir, 'replies');
  const hb = Handlebars.create();
  const compiled = new Map(
    REPLY_NAMES.map((name) => {
      const source = readFileSync(join(dir, `${name}.hbs`), 'utf8');
      hb.parse(source); // a syntax error fails at start-up, not in a chat
      return [name, hb.compile(source.replace(/\n$/, ''), { noEscape: true, strict: true })] as const;
    }),
  );
  const words = WordsSchema.parse(parse(readFileSync(join(dir, 'words.yaml'), 'utf8')));
  const labels = loadLabels(join(templatesDir, 'cards', 'labels.yaml'));
  const name = (table: Record<string, string>, key: string) => table[key] ?? key;
  return {
    words,
    labels,
    render: (n, data) => compiled.get(n)!(data),
    ruleName: (rule) => labels.rules[rule]?.name ?? rule,
    statusName: (status) => name(labels.orderStatus, status),
    resolveReason: (reason) => resolveReasonZh(reason, labels) ?? words.none,
    time: (d) => new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16),
    dateTime: (d) => formatShanghai(d),
    money: (fen) => `¥${formatFen(fen)}`,
    list: (items) => items.join(words.separator),
  };
}
