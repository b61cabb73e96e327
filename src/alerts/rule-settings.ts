// Each rule's settings: its defaults, overridden by `rules.<id>` in orderwatch.yaml; refund thresholds
// come from the `refunds` section. Unknown rule ids in the file are reported, not silently ignored.
import type { Config } from '../config/index.js';
import { HOUR } from '../rules/catalogue/util.js';
import type { Rule, RuleSettings } from '../rules/types.js';
import type { FactWindows } from '../store/facts-repo.js';

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

/** The counting windows the suspect rules' facts are loaded with (their `window` settings, else 24 h). */
export function factWindows(settings: ReadonlyMap<string, RuleSettings>): FactWindows {
  const windowOf = (rule: string) => {
    const v = settings.get(rule)?.window;
    return typeof v === 'number' && v > 0 ? v : 24 * HOUR;
  };
  return {
    phoneVelocityMs: windowOf('suspect_phone_velocity'),
    crossChannelMs: windowOf('suspect_cross_channel_duplicate'),
  };
}
