// Which policy an alert gets (rule id key, then kind key, then `default`) and the snapshot frozen onto it.
import { DEFAULT_ESCALATION_POLICY, type EscalationLevel } from '../config/index.js';
import type { FrozenEscalation, FrozenLevel } from './types.js';

/** Customer delay notices are only for orders stuck in fulfilment; other kinds never message the buyer. */
export const CUSTOMER_NOTICE_KINDS: readonly string[] = ['stuck'];

export type Policies = Record<string, EscalationLevel[]>;

export function policyNameFor(policies: Policies, alert: { rule: string; kind: string }): string {
  if (policies[alert.rule]) return alert.rule;
  if (policies[alert.kind]) return alert.kind;
  return DEFAULT_ESCALATION_POLICY;
}

function freezeLevels(levels: readonly EscalationLevel[], noticeAllowed: boolean): FrozenLevel[] {
  return levels.map((l) => ({
    afterMs: l.afterMs,
    notify: [...l.notify],
    customerNotice: l.customerNotice && noticeAllowed,
    ding: l.ding,
  }));
}

export function freezePolicy(policies: Policies, alert: { rule: string; kind: string }): FrozenEscalation {
  const policy = policyNameFor(policies, alert);
  const levels = policies[policy] ?? [];
  return { policy, levels: freezeLevels(levels, CUSTOMER_NOTICE_KINDS.includes(alert.kind)), notified: [] };
}

/**
 * Every policy frozen both ways, for the set-based freeze in SQL:
 * `{ notice: {name → snapshot}, plain: {name → snapshot} }`, `notice` for kinds that may notify customers.
 */
export function freezeTables(policies: Policies) {
  const table = (notice: boolean) =>
    Object.fromEntries(
      Object.entries(policies).map(([policy, levels]) => [
        policy,
        { policy, levels: freezeLevels(levels, notice), notified: [] } satisfies FrozenEscalation,
      ]),
    );
  return { notice: table(true), plain: table(false) };
}

/** alerts.escalation as read back; null when it is not a snapshot (never frozen, or foreign). */
export function readFrozen(json: unknown): FrozenEscalation | null {
  if (json === null || typeof json !== 'object') return null;
  const v = json as Partial<FrozenEscalation>;
  if (typeof v.policy !== 'string' || !Array.isArray(v.levels)) return null;
  return { policy: v.policy, levels: v.levels, notified: Array.isArray(v.notified) ? v.notified : [] };
}
