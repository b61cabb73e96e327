// Step 4 of handling a command: what it acts on. A button names its alert; typed text names an order (by
// external id, with the channel when it is ambiguous) or an alert by its short id. For an order, the
// command picks the order's alert it is about, or asks which when there are several.
import type { ActionTx, AlertRef } from '../store/interaction-store.js';
import { effect, orderLabel, type Effect, type Target } from './outcome.js';
import type { Replies } from './replies.js';
import type { ActionId, ParsedCommand } from './types.js';

export type Resolved = { ok: true; target: Target } | { ok: false; effect: Effect };

/** Commands about the order itself, not one of its alerts. */
const ORDER_LEVEL: ReadonlySet<ActionId> = new Set(['hold', 'release', 'show']);

const FITS: Partial<
  Record<ActionId, { what: 'refund' | 'duplicate' | 'suspect'; fits(a: AlertRef): boolean }>
> = {
  approve: { what: 'refund', fits: (a) => a.rule === 'refund_approval' },
  reject: { what: 'refund', fits: (a) => a.rule === 'refund_approval' },
  merge: { what: 'duplicate', fits: (a) => a.rule === 'suspect_cross_channel_duplicate' },
  legit: { what: 'suspect', fits: (a) => a.kind === 'suspect' },
};

const shortId = (id: string) => id.slice(0, 8);

function askWhich(replies: Replies, order: string, alerts: readonly AlertRef[]): Effect {
  const choices = replies.list(alerts.map((a) => `#${shortId(a.id)} ${replies.ruleName(a.rule)}`));
  return effect('error', replies.render('target-alerts', { order, choices }));
}

export async function resolveTarget(tx: ActionTx, cmd: ParsedCommand, replies: Replies): Promise<Resolved> {
  const t = cmd.target;
  if (cmd.command === 'help') return { ok: true, target: { order: null, alert: null } };
  const none = (what: 'order' | 'alert') =>
    ({
      ok: false,
      effect: effect('error', replies.render('target-none', { what: replies.words.what[what] })),
    }) as const;
  if (t === null) return none('order');
  const fit = FITS[cmd.command];
  if (t.kind === 'alert') {
    const alerts = await tx.findAlerts(t.id, t.short);
    if (alerts.length === 0) return none('alert');
    const alert = alerts[0]!;
    const order = await tx.orderById(alert.orderId);
    if (order === null) return none('order');
    if (alerts.length > 1) return { ok: false, effect: askWhich(replies, `#${t.id}`, alerts) };
    if (fit && !fit.fits(alert)) {
      const data = { action: replies.words.action[cmd.command], rule: replies.ruleName(alert.rule) };
      return { ok: false, effect: effect('error', replies.render('target-wrong', data)) };
    }
    return { ok: true, target: { order, alert } };
  }
  const orders = await tx.findOrders(t.externalId, t.channel);
  if (orders.length === 0) return none('order');
  if (orders.length > 1) {
    const choices = replies.list(orders.map(orderLabel));
    return {
      ok: false,
      effect: effect('error', replies.render('target-orders', { externalId: t.externalId, choices })),
    };
  }
  const order = orders[0]!;
  if (ORDER_LEVEL.has(cmd.command)) return { ok: true, target: { order, alert: null } };
  const alerts = (await tx.unresolvedAlertsOf(order.id)).filter((a) => !fit || fit.fits(a));
  if (alerts.length === 1) return { ok: true, target: { order, alert: alerts[0]! } };
  if (alerts.length > 1) return { ok: false, effect: askWhich(replies, orderLabel(order), alerts) };
  const what = replies.words.what[fit?.what ?? 'open'];
  return {
    ok: false,
    effect: effect('error', replies.render('target-no-alert', { order: orderLabel(order), what })),
  };
}
