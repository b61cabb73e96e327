// hold / release a shipment, merge a cross-channel duplicate, mark a customer legit: guarded changes of
// the order (store/order-actions.ts) with, for decisions the ERP must know, an outbox row in the same tx.
import type { HoldOutcome, OutboundType } from '../store/interaction-store.js';
import { alertOf, closedAlert } from './apply-alert.js';
import { effect, orderLabel, type ApplyContext, type Effect } from './outcome.js';

/** Writes the decision for the ERP (when a webhook is configured); returns how many were written. */
export async function decide(
  ctx: ApplyContext,
  type: OutboundType,
  data: Record<string, unknown>,
): Promise<number> {
  if (!ctx.outbound) return 0;
  const { order } = ctx.target;
  const actor = { personId: ctx.actor.person.id, name: ctx.actor.person.name };
  await ctx.tx.enqueueOutbound(
    { type, order: { channel: order.channel, externalId: order.externalId }, actor, data },
    ctx.now,
  );
  return 1;
}

function holdConflict(ctx: ApplyContext, out: Exclude<HoldOutcome, { ok: true }>): Effect {
  const { replies } = ctx;
  const order = orderLabel(ctx.target.order);
  if (out.why === 'held') {
    const by = out.heldBy ?? replies.words.none;
    const time = out.heldAt ? replies.dateTime(out.heldAt) : replies.words.none;
    return effect('conflict', replies.render('hold-held', { order, by, time }));
  }
  if (out.why === 'not_held') return effect('conflict', replies.render('release-not-held', { order }));
  const name = out.why === 'shipped' ? 'hold-shipped' : 'hold-finished';
  return effect('conflict', replies.render(name, { order, status: replies.statusName(out.status) }));
}

async function holdOrRelease(ctx: ApplyContext, which: 'hold' | 'release'): Promise<Effect> {
  const { tx, actor, now, replies } = ctx;
  const person = { id: actor.person.id, name: actor.person.name };
  const out = await (which === 'hold' ? tx.hold : tx.release)(ctx.target.order.id, person, now);
  if (!out.ok) return holdConflict(ctx, out);
  const outbound = await decide(ctx, which, {});
  const data = { name: person.name, order: orderLabel(ctx.target.order), time: replies.time(now) };
  return effect('ok', replies.render(which === 'hold' ? 'hold-ok' : 'release-ok', data), {
    alertIds: out.alertIds,
    outbound,
    buttonText: replies.words.button[which]!,
  });
}

export const hold = (ctx: ApplyContext) => holdOrRelease(ctx, 'hold');
export const release = (ctx: ApplyContext) => holdOrRelease(ctx, 'release');

export async function merge(ctx: ApplyContext): Promise<Effect> {
  const { tx, actor, now, replies } = ctx;
  const alert = alertOf(ctx);
  const order = ctx.target.order;
  const into = await tx.duplicatePartner(order);
  if (into === null) return effect('error', replies.render('merge-none', { order: orderLabel(order) }));
  if (
    !(await tx.recordMerge(
      { orderId: order.id, intoId: into.id, by: actor.person.id, alertId: alert.id },
      now,
    ))
  ) {
    return effect('conflict', replies.render('merge-done', { order: orderLabel(order) }));
  }
  const reason = `merged into ${orderLabel(into)} by ${actor.person.name}`;
  if (!(await tx.resolve(alert.id, reason, actor.person.id, now))) return closedAlert(ctx, alert.id);
  const outbound = await decide(ctx, 'merge', {
    into: { channel: into.channel, externalId: into.externalId },
  });
  const data = {
    name: actor.person.name,
    order: orderLabel(order),
    into: orderLabel(into),
    time: replies.time(now),
  };
  return effect('ok', replies.render('merge-ok', data), {
    alertIds: [alert.id],
    outbound,
    buttonText: replies.words.button.merge!,
  });
}

export async function legit(ctx: ApplyContext): Promise<Effect> {
  const { tx, actor, now, replies } = ctx;
  const alert = alertOf(ctx);
  const reason = `marked legit by ${actor.person.name}`;
  if (!(await tx.resolve(alert.id, reason, actor.person.id, now))) return closedAlert(ctx, alert.id);
  const others = await tx.markLegit(
    { rule: alert.rule, order: ctx.target.order, by: actor.person.id, alertId: alert.id, reason },
    now,
  );
  const data = {
    name: actor.person.name,
    rule: replies.ruleName(alert.rule),
    order: orderLabel(ctx.target.order),
    time: replies.time(now),
  };
  return effect('ok', replies.render('legit-ok', data), {
    alertIds: [alert.id, ...others],
    buttonText: replies.words.button.legit!,
  });
}
