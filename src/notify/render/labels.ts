// The fixed words of the cards (templates/cards/labels.yaml): severity and kind names, button and link
// labels, status words, units. Validated once at start-up so a typo fails there, not in a group chat.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod';

const text = z.string().min(1);
const words = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, text])) as Record<K, typeof text>);

const LabelsSchema = z.object({
  severity: words(['critical', 'warning', 'info']),
  kind: words(['stuck', 'suspect', 'logistics', 'refund']),
  rules: z.record(z.string(), z.object({ name: text }).catchall(text)),
  channel: z.record(z.string(), text),
  orderStatus: z.record(z.string(), text),
  scanStatus: z.record(z.string(), text),
  button: words(['claim', 'resolve', 'snooze', 'hold', 'release', 'approve', 'reject', 'legit', 'merge']),
  link: words(['order', 'list']),
  status: words(['open', 'claimed', 'claimedNobody', 'resolved', 'resolvedPlain', 'digest']),
  reason: words([
    'orderStatus',
    'refundCancelled',
    'onHold',
    'scan',
    'cleared',
    'byPerson',
    'refundApproved',
    'refundRejected',
    'legit',
    'merged',
  ]),
  units: words(['day', 'hour', 'minute', 'minutesOnly', 'second']),
  words: words([
    'none',
    'noRemark',
    'noReason',
    'unassigned',
    'warehouse',
    'noWarehouse',
    'team',
    'listSeparator',
    'and',
    'ellipsis',
    'count',
    'percent',
    'money',
    'buyer',
  ]),
  preview: words(['tag', 'fact', 'status', 'line', 'example']),
});

export type Labels = z.infer<typeof LabelsSchema>;

/** Reads and validates labels.yaml; throws naming the file and the first bad key. */
export function loadLabels(file: string): Labels {
  const parsed = LabelsSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined ? '' : `${issue.path.join('.')}: ${issue.message}`;
  throw new Error(`card labels ${file} are invalid: ${where}`);
}

/** Fills `{name}` placeholders; a placeholder without a value is a bug in the caller, so it throws. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`card label "${template}" needs a value for {${key}}`);
    return String(v);
  });
}

/** A label from a lookup table, or the key itself when the table has no entry (an unknown channel id). */
export function wordFor(table: Record<string, string>, key: string): string {
  return Object.hasOwn(table, key) ? (table[key] as string) : key;
}

/** A phrase of one rule (labels.yaml `rules.<id>.<key>`); missing means labels.yaml and code disagree. */
export function rulePhrase(labels: Labels, ruleId: string, key: string): string {
  const phrase = labels.rules[ruleId]?.[key];
  if (phrase === undefined) throw new Error(`labels.yaml has no rules.${ruleId}.${key}`);
  return phrase;
}
