// Folding a storm: the deliveries a budget could not carry one by one become one digest, grouped the
// way people talk about storms ("37 orders stuck at hz-1 warehouse"), with the first few orders named.
import type { DueDelivery } from '../store/delivery-store.js';

/** What a due delivery carries for folding (see store/delivery-claim.ts). */
export type FoldItem = Pick<
  DueDelivery,
  'alertId' | 'rule' | 'warehouse' | 'channel' | 'externalId' | 'alertState'
>;

export interface DigestGroup {
  rule: string;
  warehouse: string | null;
  /** The alerts of this group had cleared by the time they were folded. */
  resolved: boolean;
  count: number;
  /** `summary` is filled with the card's own (Chinese) summary when the digest is rendered. */
  examples: { alertId: string | null; externalId: string; channel: string; summary: string }[];
}

export interface DigestPayload {
  total: number;
  groups: DigestGroup[];
}

export const EXAMPLES_PER_GROUP = 3;

export function foldDigest(items: readonly FoldItem[]): DigestPayload {
  const groups = new Map<string, DigestGroup>();
  for (const it of items) {
    const rule = it.rule ?? 'unknown';
    const resolved = it.alertState === 'resolved';
    const key = `${resolved}|${rule}|${it.warehouse ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { rule, warehouse: it.warehouse, resolved, count: 0, examples: [] };
      groups.set(key, g);
    }
    g.count++;
    if (g.examples.length < EXAMPLES_PER_GROUP && it.externalId) {
      g.examples.push({
        alertId: it.alertId,
        externalId: it.externalId,
        channel: it.channel ?? '',
        summary: '',
      });
    }
  }
  // Open problems before cleared ones, larger groups first: the head of the card is what matters.
  const sorted = [...groups.values()].sort(
    (a, b) => Number(a.resolved) - Number(b.resolved) || b.count - a.count || a.rule.localeCompare(b.rule),
  );
  return { total: items.length, groups: sorted };
}
