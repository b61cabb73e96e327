// Refund requests at or above the approval threshold wait for a person (two above the second threshold).
import { formatFen } from '../../domain/money.js';
import type { Rule, RuleSettings } from '../types.js';
import { finding, isFinished, liveRefunds } from './util.js';

export type RefundApprovalSettings = RuleSettings & {
  /** Refunds of at least this many fen need approval (0: every refund). */
  approval_required_from_fen: number;
  /** From this amount on a second approver is needed and the finding is critical. */
  second_approver_from_fen: number;
};

export const refundApproval: Rule<RefundApprovalSettings> = {
  id: 'refund_approval',
  kind: 'refund',
  defaults: { enabled: true, approval_required_from_fen: 0, second_approver_from_fen: 200_000 },
  timeBased: false,
  evaluate(order, _now, s) {
    // Any status, delivered included, except a cancelled or closed order (its refunds are settled).
    if (!s.enabled || isFinished(order.status)) return null;
    const pending = liveRefunds(order).filter((r) => r.amountFen >= s.approval_required_from_fen);
    const latest = pending[pending.length - 1];
    if (latest === undefined) return null;
    const amount = formatFen(latest.amountFen);
    const secondApprover = latest.amountFen >= s.second_approver_from_fen;
    const more = pending.length > 1 ? ` (${pending.length} pending)` : '';
    return finding(
      refundApproval,
      secondApprover ? 'critical' : 'warning',
      `refund of ${amount} needs ${secondApprover ? 'two approvals' : 'approval'}${more}`,
      {
        refundId: latest.refundId,
        amountFen: latest.amountFen,
        amount,
        reason: latest.reason,
        requestedAt: latest.requestedAt.toISOString(),
        pendingRefunds: pending.length,
        secondApprover,
      },
    );
  },
};
