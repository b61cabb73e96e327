// What to do with a target's due deliveries given what its rate budget has left (DESIGN.md §3.6):
// send them one by one while that fits with room to spare, otherwise fold them into one digest card.
// Nothing is ever sent over a budget and nothing due is dropped: what cannot go now waits.
// An update of a card the chat already shows (DingTalk card PUT, WeCom update_template_card) posts no
// message, so it spends no slot and is never folded: folding it would leave that card showing a stale
// state ("待处理" after someone claimed it) while a digest calls the alert pending.

export interface DueItem {
  id: string;
  kind: 'card' | 'digest';
  createdAt: Date;
  /** Changes a card already shown, in place: no new message. */
  inPlace?: boolean;
}

export interface BudgetPolicy {
  /** Slots kept free for digests once a storm starts, so a storm's tail is not stuck behind its head. */
  reserve: number;
  /** How long a storm may accumulate before its digest goes out (Alertmanager's group_wait). */
  lingerMs: number;
}

export const DEFAULT_POLICY: BudgetPolicy = { reserve: 4, lingerMs: 10_000 };

export interface BudgetDecision<T extends DueItem> {
  /** Send individually (in-place updates first, then digests being retried); only `inPlace` ones are free. */
  send: T[];
  /** Fold these cards into one new digest (costs one slot). */
  fold: T[];
}

export function decide<T extends DueItem>(
  due: readonly T[],
  capacity: number,
  now: Date,
  policy: BudgetPolicy = DEFAULT_POLICY,
): BudgetDecision<T> {
  const out: BudgetDecision<T> = { send: [], fold: [] };
  out.send.push(...due.filter((d) => d.kind === 'card' && d.inPlace));
  if (capacity <= 0 || due.length === 0) return out;
  const digests = due.filter((d) => d.kind === 'digest').slice(0, capacity);
  out.send.push(...digests);
  const left = capacity - digests.length;
  const cards = due.filter((d) => d.kind === 'card' && !d.inPlace);
  if (left <= 0 || cards.length === 0) return out;
  // A lone card always goes as itself; several go one by one only while the reserve stays untouched.
  if (cards.length === 1 || cards.length <= left - policy.reserve) {
    out.send.push(...cards.slice(0, left));
    return out;
  }
  const oldest = Math.min(...cards.map((c) => c.createdAt.getTime()));
  if (now.getTime() - oldest >= policy.lingerMs) out.fold.push(...cards);
  return out;
}

/** Remaining slots: the tightest of the target's budgets (a WeCom app card spends one per member). */
export function capacityOf(
  budgets: readonly { key: string; perMinute: number }[],
  used: ReadonlyMap<string, number>,
): number {
  if (budgets.length === 0) return Number.POSITIVE_INFINITY;
  return Math.min(...budgets.map((b) => b.perMinute - (used.get(b.key) ?? 0)));
}
