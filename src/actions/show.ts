// `show` (查单): the order as a group may see it (DESIGN.md §3.5: phone 138****8000, address cut to the
// district, the buyer's surname only) with its unresolved alerts and their short ids.
import { maskName, maskPhoneOrNull, regionOf } from '../notify/render/mask.js';
import type { ActionTx, OrderRef } from '../store/interaction-store.js';
import { effect, type Effect } from './outcome.js';
import type { Replies } from './replies.js';

export async function show(tx: ActionTx, order: OrderRef, replies: Replies): Promise<Effect> {
  const none = replies.words.none;
  const alerts = await tx.unresolvedAlertsOf(order.id);
  const lines = alerts.map((a) =>
    replies.render('show-alert', {
      short: a.id.slice(0, 8),
      rule: replies.ruleName(a.rule),
      state: replies.words.state[a.state as 'open' | 'claimed'] ?? a.state,
    }),
  );
  const o = {
    channel: replies.labels.channel[order.channel] ?? order.channel,
    externalId: order.externalId,
    status: replies.statusName(order.status),
    hold: order.holdState === 'none' ? '' : replies.words.held,
    amount: replies.money(order.amountFen),
    warehouse: order.warehouse ?? none,
    buyer: maskName(order.buyerName) ?? none,
    phone: maskPhoneOrNull(order.buyerPhone) ?? none,
    region: regionOf([order.province, order.city, order.district]) ?? none,
  };
  const shown = effect('info', replies.render('show', { o, alerts: lines.join('\n') }), { audit: 'ok' });
  return alerts[0] ? { ...shown, cardAlertId: alerts[0].id } : shown;
}
