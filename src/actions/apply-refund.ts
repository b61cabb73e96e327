// approve / reject a refund (CONTRACT.md §5 refunds): the refund's approval row is locked while deciding,
// so concurrent taps give exactly the required distinct approvals and one decision; the others are told
// who decided and when. A decision resolves the refund alert and tells the ERP.
import type { RefundCase, RefundOutcome } from '../store/interaction-store.js';
import { alertOf, closedAlert } from './apply-alert.js';
import { decide } from './apply-order.js';
import { effect, type ApplyContext, type Effect } from './outcome.js';

async function refundCase(ctx: ApplyContext): Promise<RefundCase> {
  const alert = alertOf(ctx);
  const refundId = String(alert.details.refundId ?? '');
  const amountFen = Number(alert.details.amountFen ?? 0);
  return {
    orderId: alert.orderId,
    refundId,
    amountFen,
    requiredApprovals: amountFen >= ctx.refunds.secondApproverFromFen ? 2 : 1,
    requestedBy: await ctx.tx.refundRequester(alert.orderId, refundId),
  };
}

function approver(ctx: ApplyContext) {
  const p = ctx.actor.person;
  const ids = [p.id, p.wecom, p.dingtalk, ctx.actor.platformUserId].filter((x): x is string => !!x);
  return { id: p.id, name: p.name, ids };
}

function notApplied(ctx: ApplyContext, out: RefundOutcome, amount: string): Effect | null {
  const { replies } = ctx;
  if (out.kind === 'decided') {
    const data = { by: out.by, time: replies.time(out.at), verb: replies.words.decided[out.state], amount };
    return effect('conflict', replies.render('refund-decided', data));
  }
  if (out.kind === 'self') return effect('denied', replies.render('denied-self', { amount }));
  if (out.kind === 'again')
    return effect('denied', replies.render('denied-again', { amount, time: replies.time(out.at) }));
  return null;
}

export async function approve(ctx: ApplyContext): Promise<Effect> {
  const { tx, now, replies } = ctx;
  const alert = alertOf(ctx);
  const c = await refundCase(ctx);
  const amount = replies.money(c.amountFen);
  if (alert.state === 'resolved' && !(await tx.refundDecided(c.orderId, c.refundId)))
    return closedAlert(ctx, alert.id);
  const out = await tx.approveRefund(c, approver(ctx), now);
  const refused = notApplied(ctx, out, amount);
  if (refused || (out.kind !== 'approved' && out.kind !== 'partial')) return refused!;
  const person = ctx.actor.person;
  if (out.kind === 'partial') {
    await tx.touch(alert.id, 'approval', { by: person.id }, now);
    const data = { name: person.name, amount, time: replies.time(now) };
    return effect('ok', replies.render('approve-partial', data), {
      alertIds: [alert.id],
      buttonText: replies.words.button.partial!,
    });
  }
  const names = out.approvers.map((a) => a.name);
  await tx.resolve(alert.id, `refund approved by ${names.join(', ')}`, person.id, now);
  const outbound = await decide(ctx, 'refund_approved', {
    refundId: c.refundId,
    amount: amount.slice(1),
    approvers: out.approvers.map((a) => ({ personId: a.id, name: a.name })),
  });
  const data = { names: replies.list(names), amount, time: replies.time(now) };
  return effect('ok', replies.render('approve-ok', data), {
    alertIds: [alert.id],
    outbound,
    buttonText: replies.words.button.approve!,
  });
}

export async function reject(ctx: ApplyContext): Promise<Effect> {
  const { tx, now, replies } = ctx;
  const alert = alertOf(ctx);
  const c = await refundCase(ctx);
  const amount = replies.money(c.amountFen);
  if (alert.state === 'resolved' && !(await tx.refundDecided(c.orderId, c.refundId)))
    return closedAlert(ctx, alert.id);
  const reason = ctx.cmd.reason ?? '';
  const out = await tx.rejectRefund(c, approver(ctx), reason, now);
  const refused = notApplied(ctx, out, amount);
  if (refused) return refused;
  const person = ctx.actor.person;
  await tx.resolve(alert.id, `refund rejected by ${person.name}: ${reason}`, person.id, now);
  const outbound = await decide(ctx, 'refund_rejected', {
    refundId: c.refundId,
    amount: amount.slice(1),
    reason,
  });
  const data = {
    name: person.name,
    amount,
    reason: reason || replies.words.noReason,
    time: replies.time(now),
  };
  return effect('ok', replies.render('reject-ok', data), {
    alertIds: [alert.id],
    outbound,
    buttonText: replies.words.button.reject!,
  });
}
