// The claim's choice: one notice per customer per pump (two SMS to one number within a minute would trip the
// provider's per-number limit), each by KF while that customer's session allows it, else by SMS.
import type { ChosenNotice, DueNotice, KfSessionRow } from '../store/customer-store.js';
import { chooseChannel, type KfSessionState } from './channel-choice.js';

export function chooseFor(
  due: DueNotice[],
  sessions: KfSessionRow[],
  now: Date,
  kfAvailable: boolean,
): ChosenNotice[] {
  const byPhone = new Map<string, KfSessionState>();
  // Newest session first (the claim orders them): the one the customer used last wins.
  for (const s of sessions) if (!byPhone.has(s.phoneHash)) byPhone.set(s.phoneHash, { ...s });
  const seen = new Set<string>();
  const out: ChosenNotice[] = [];
  for (const n of due) {
    const who = n.phoneHash ?? `order:${n.orderId}`;
    if (seen.has(who)) continue;
    seen.add(who);
    const session = n.phoneHash ? byPhone.get(n.phoneHash) : undefined;
    const choice = chooseChannel(session, now, kfAvailable);
    if (choice.kf && session) session.sentSince += 1;
    out.push({ ...n, ...choice, attempt: n.attempts + 1 });
  }
  return out;
}
