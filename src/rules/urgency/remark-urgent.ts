// The buyer's remark reads as urgent (加急, 明天要用, !!!) or as a complaint (投诉, 差评, 怎么还不发货), judged by
// the remark classifier (classifier.ts) rather than by keywords, so 不急 and 不会差评 stay quiet.
import type { OrderStatus } from '../../domain/order.js';
import type { Rule } from '../types.js';
import { classifyRemark } from './classifier.js';

export type RemarkUrgentSettings = {
  enabled: boolean;
  /** The classifier's confidence (0..1) in urgent or complaint at which the rule fires. */
  min_confidence: number;
};

/** How much of the remark the finding carries, in characters (code points). */
export const REMARK_EXCERPT_CHARS = 100;

/** Delivered, cancelled and closed orders are past the point where a remark changes what ops do. */
const QUIET_STATUSES: ReadonlySet<OrderStatus> = new Set(['delivered', 'cancelled', 'closed']);

export const remarkUrgentRule: Rule<RemarkUrgentSettings> = {
  id: 'remark_urgent',
  kind: 'suspect',
  defaults: { enabled: true, min_confidence: 0.6 },
  timeBased: false,
  evaluate(order, _now, settings) {
    if (!settings.enabled || QUIET_STATUSES.has(order.status) || order.remark.trim() === '') return null;
    const { label, confidence } = classifyRemark(order.remark);
    if (label === 'normal' || confidence < settings.min_confidence) return null;
    const reads = label === 'complaint' ? 'a complaint' : 'urgent';
    return {
      rule: remarkUrgentRule.id,
      kind: remarkUrgentRule.kind,
      severity: label === 'complaint' ? 'critical' : 'warning',
      summary: `buyer remark reads as ${reads} (${confidence.toFixed(2)})`,
      details: {
        label,
        confidence,
        remark: Array.from(order.remark).slice(0, REMARK_EXCERPT_CHARS).join(''),
      },
    };
  },
};
