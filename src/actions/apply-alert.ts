// claim, resolve, snooze: one guarded UPDATE of the alert each (store/alert-actions.ts), revision bumped so
// every card of it is re-rendered after commit.
import type { AlertRef } from '../store/interaction-store.js';
import { effect, orderLabel, type ApplyContext, type Effect } from './outcome.js';

/** The alert of a command that needs one (target resolution guarantees it for these commands). */
export function alertOf(ctx: ApplyContext): AlertRef {
  const alert = ctx.target.alert;
  if (alert === null) throw new Error(`${ctx.cmd.command} needs an alert`);
  return alert;
}

/** The alert was resolved before this command got to it (re-read: it may have changed since resolution). */
export async function closedAlert(ctx: ApplyContext, alertId: string): Promise<Effect> {
  const { replies } = ctx;
  const a = (await ctx.tx.alertById(alertId))!;
  const data = {
    rule: replies.ruleName(a.rule),
    time: a.resolvedAt ? replies.dateTime(a.resolvedAt) : replies.words.none,
    reason: replies.resolveReason(a.resolveReason),
  };
  return effect('conflict', replies.render('alert-closed', data));
}

function done(ctx: ApplyContext, name: 'claim-ok' | 'resolve-ok', alert: AlertRef): Effect {
  const { replies, actor } = ctx;
  const data = {
    name: actor.person.name,
    rule: replies.ruleName(alert.rule),
    order: orderLabel(ctx.target.order),
    time: replies.time(ctx.now),
  };
  const button = replies.words.button[ctx.cmd.command];
  return effect('ok', replies.render(name, data), {
    alertIds: [alert.id],
    ...(button ? { buttonText: button } : {}),
  });
}

export async function claim(ctx: ApplyContext): Promise<Effect> {
  const alert = alertOf(ctx);
  if (await ctx.tx.claim(alert.id, ctx.actor.person.id, ctx.now)) return done(ctx, 'claim-ok', alert);
  const now = (await ctx.tx.alertById(alert.id))!;
  if (now.state === 'resolved') return closedAlert(ctx, alert.id);
  const { replies } = ctx;
  const data = {
    by: now.claimedByName ?? replies.words.none,
    time: now.claimedAt ? replies.dateTime(now.claimedAt) : replies.words.none,
    rule: replies.ruleName(now.rule),
  };
  return effect('conflict', replies.render('claim-taken', data));
}

export async function resolve(ctx: ApplyContext): Promise<Effect> {
  const alert = alertOf(ctx);
  const person = ctx.actor.person;
  const ok = await ctx.tx.resolve(alert.id, `resolved by ${person.name}`, person.id, ctx.now);
  return ok ? done(ctx, 'resolve-ok', alert) : closedAlert(ctx, alert.id);
}

export async function snooze(ctx: ApplyContext): Promise<Effect> {
  const alert = alertOf(ctx);
  const ms = ctx.cmd.durationMs ?? 0;
  const until = new Date(ctx.now.getTime() + ms);
  const ok = await ctx.tx.snooze(alert, until, ctx.actor.person.id, ctx.now);
  if (!ok) return closedAlert(ctx, alert.id);
  const { replies } = ctx;
  const data = {
    name: ctx.actor.person.name,
    rule: replies.ruleName(alert.rule),
    order: orderLabel(ctx.target.order),
    until: replies.dateTime(until),
  };
  return effect('ok', replies.render('snooze-ok', data), {
    alertIds: [alert.id],
    buttonText: replies.words.button.snooze!,
  });
}
