// One alert as a card: the rule's template (or resolved.hbs / escalated.hbs) over masked views, plus the
// colour, status words, buttons and signed order link.
import type { CardColour, CardModel } from '../card-model.js';
import { alertView, orderView, type AlertView, type OrderView } from './alert-view.js';
import { alertButtons } from './buttons.js';
import type { CardParts } from './card-parts.js';
import { formatShanghai } from './format.js';
import { fill, type Labels } from './labels.js';
import { fitParts } from './limits.js';
import { previewText } from './preview.js';
import { ruleView } from './rule-views.js';
import type { TemplateStore } from './template-store.js';
import type { AlertCardInput } from './types.js';

export interface RenderContext {
  store: TemplateStore;
  now: Date;
  orderLink(orderId: string): { label: string; url: string };
}

interface Views {
  order: OrderView;
  alert: AlertView;
}

const SEVERITY_COLOUR = { critical: 'red', warning: 'orange', info: 'blue' } as const;

export function alertColour(input: AlertCardInput): CardColour {
  const { severity, state } = input.alert;
  if (input.variant === 'resolved' || state === 'resolved') return 'green';
  if (input.variant === 'escalated') return severity === 'critical' ? 'red' : 'orange';
  return state === 'claimed' ? 'grey' : SEVERITY_COLOUR[severity];
}

export function alertStatus(alert: AlertCardInput['alert'], view: AlertView, labels: Labels): string {
  const s = labels.status;
  if (alert.state === 'claimed') {
    return alert.claimedBy === null ? s.claimedNobody : fill(s.claimed, { name: alert.claimedBy });
  }
  if (alert.state === 'resolved') {
    return alert.resolveReason === null ? s.resolvedPlain : fill(s.resolved, { reason: view.reason });
  }
  return s.open;
}

/** The rule's parts; escalated.hbs then rewrites title and summary (it sees them as `card`) and adds facts first. */
function renderParts(input: AlertCardInput, views: Views, ctx: RenderContext): CardParts {
  if (input.variant === 'resolved') return ctx.store.render('resolved', views);
  const { labels } = ctx.store;
  const d = ruleView(input.alert.rule, input.alert.details, labels, ctx.now);
  const parts = ctx.store.render(input.alert.rule, { ...views, d });
  if (input.variant !== 'escalated') return parts;
  const card = { title: parts.title, summary: parts.summary };
  const esc = ctx.store.render('escalated', { ...views, card });
  return {
    title: esc.title || parts.title,
    summary: esc.summary || parts.summary,
    facts: [...esc.facts, ...parts.facts],
    lines: [],
  };
}

export function buildAlertCard(input: AlertCardInput, ctx: RenderContext): CardModel {
  const { labels } = ctx.store;
  const views: Views = {
    order: orderView(input.order, labels),
    alert: alertView(input.alert, labels, ctx.now),
  };
  const parts = fitParts(renderParts(input, views, ctx), labels.words.ellipsis);
  const resolved = input.variant === 'resolved';
  const card: Omit<CardModel, 'preview'> = {
    variant: input.variant,
    alertId: input.alert.id,
    severity: input.alert.severity,
    colour: alertColour(input),
    title: parts.title,
    summary: parts.summary,
    status: alertStatus(input.alert, views.alert, labels),
    facts: parts.facts,
    buttons: resolved ? [] : alertButtons(input.alert, labels),
    link: ctx.orderLink(input.order.id),
    mentions: input.mentions.map((m) => ({ ...m })),
    digest: null,
    renderedAt: formatShanghai(ctx.now),
  };
  const tag = resolved ? labels.status.resolvedPlain : views.alert.severity;
  return { ...card, preview: previewText(card, tag, labels) };
}
