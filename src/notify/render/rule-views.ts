// Every rule's view builder, by rule id: the `d` object its template (templates/cards/<rule>.hbs) reads.
import { readDetails } from './details-reader.js';
import type { Labels } from './labels.js';
import { OPS_RULE_VIEWS, type RuleView, type RuleViewBuilder } from './rule-views-ops.js';
import { RISK_RULE_VIEWS } from './rule-views-risk.js';

const RULE_VIEWS: Record<string, RuleViewBuilder> = { ...OPS_RULE_VIEWS, ...RISK_RULE_VIEWS };

export function hasRuleView(rule: string): boolean {
  return Object.hasOwn(RULE_VIEWS, rule);
}

export function ruleView(
  rule: string,
  details: Record<string, unknown>,
  labels: Labels,
  now: Date,
): RuleView {
  const build = RULE_VIEWS[rule];
  if (build === undefined) throw new Error(`no card view for rule "${rule}"`);
  return build(readDetails({ rule, details, labels, now }), labels, now);
}
