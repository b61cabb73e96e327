// Each rule's settings: its defaults, overridden by `rules.<id>` in orderwatch.yaml; refund thresholds
// come from the `refunds` section. Unknown rule ids in the file are reported, not silently ignored.
import type { Config } from '../config/index.js';
import type { Rule, RuleSettings } from '../rules/types.js';

export interface ActiveRules {
  rules: Rule[];
  settings: Map<string, RuleSettings>;
  unknownIds: string[];
}

export function activeRules(all: readonly Rule[], config: Pick<Config, 'rules' | 'refunds'>): ActiveRules {
  const settings = new Map<string, RuleSettings>();
  for (const rule of all) {
    const merged: RuleSettings = { ...rule.defaults, ...(config.rules[rule.id] ?? {}) } as RuleSettings;
    if (rule.id === 'refund_approval') {
      merged.approval_required_from_fen = config.refunds.approvalRequiredFromFen;
      merged.second_approver_from_fen = config.refunds.secondApproverFromFen;
    }
    settings.set(rule.id, merged);
  }
  const known = new Set(all.map((r) => r.id));
  return {
    rules: all.filter((r) => settings.get(r.id)!.enabled !== false),
    settings,
    unknownIds: Object.keys(config.rules).filter((id) => !known.has(id)),
  };
}
