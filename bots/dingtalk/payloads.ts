// Pure payload builders: CardModel → DingTalk request bodies (dingtalk.md §3.1, §3.2, §4.1, §4.3). The
// card param keys here are exactly the variables of templates/dingtalk/alert-card.json.
import type { CardColour, CardModel } from '../../src/notify/card-model.js';
import { buildMarkdown, neutralise, safeUrl, truncateBytes } from './markdown.js';

export { buildMarkdown, neutralise } from './markdown.js';

/** Values are Map<String,String> with each value ≤ 1 KB (instructions-for-filling-in-api-card-data). */
const MAX_VALUE_BYTES = 1000;

export const CARD_PARAM_KEYS = [
  'title',
  'summary',
  'status',
  'colour',
  'severity',
  'variant',
  'facts',
  'buttons',
  'linkUrl',
  'linkLabel',
  'digest',
  'mentions',
  'renderedAt',
] as const;
export type CardParamKey = (typeof CARD_PARAM_KEYS)[number];

/** The card platform's colour names (tagColor): grey is spelt gray there (UNCONFIRMED beyond blue). */
const DT_COLOUR: Record<CardColour, string> = {
  red: 'red',
  orange: 'orange',
  blue: 'blue',
  green: 'green',
  grey: 'gray',
};

/** A JSON list that stays valid JSON under the byte limit: trailing items are dropped. */
function jsonList(items: unknown[]): string {
  let list = items;
  while (list.length > 0 && Buffer.byteLength(JSON.stringify(list)) > MAX_VALUE_BYTES)
    list = list.slice(0, -1);
  return JSON.stringify(list);
}

function digestText(card: CardModel): string {
  if (!card.digest) return '';
  const lines = card.digest.lines.map(
    (d) => `${d.label} × ${d.count}${d.examples.length ? `：${d.examples.join('，')}` : ''}`,
  );
  return truncateBytes([`共 ${card.digest.total} 条`, ...lines].join('\n'), MAX_VALUE_BYTES);
}

/** Card texts are rendered by the template as plain strings, so only length is enforced here. */
export function buildCardParamMap(card: CardModel): Record<CardParamKey, string> {
  const cut = (s: string) => truncateBytes(s, MAX_VALUE_BYTES);
  const alertId = card.alertId ?? '';
  return {
    title: cut(card.title),
    summary: cut(card.summary),
    status: cut(card.status),
    colour: DT_COLOUR[card.colour],
    severity: card.severity ?? '',
    variant: card.variant,
    facts: jsonList(card.facts.map((f) => ({ label: f.label, value: f.value }))),
    buttons: jsonList(
      card.buttons.map((b) => ({ action: b.action, label: b.label, style: b.style, alertId, key: b.key })),
    ),
    linkUrl: (card.link && safeUrl(card.link.url)) ?? '',
    linkLabel: card.link ? cut(card.link.label) : '',
    digest: digestText(card),
    mentions: cut(card.mentions.map((m) => m.name).join('、')),
    renderedAt: card.renderedAt,
  };
}

/** userId → display name for imGroupOpenDeliverModel.atUserIds: only people with a DingTalk id. */
export function buildAtUserIds(card: CardModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of card.mentions) if (m.dingtalk) out[m.dingtalk] = m.name;
  return out;
}

export interface CardTarget {
  outTrackId: string;
  cardTemplateId: string;
  conversationId: string;
  robotCode: string;
}

export function buildCreateAndDeliver(card: CardModel, t: CardTarget) {
  return {
    cardTemplateId: t.cardTemplateId,
    outTrackId: t.outTrackId,
    callbackType: 'STREAM',
    cardData: { cardParamMap: buildCardParamMap(card) },
    openSpaceId: `dtv1.card//IM_GROUP.${t.conversationId}`,
    imGroupOpenSpaceModel: {
      supportForward: true,
      lastMessageI18n: { ZH_CN: truncateBytes(card.title, 200) },
    },
    imGroupOpenDeliverModel: { robotCode: t.robotCode, atUserIds: buildAtUserIds(card) },
    userIdType: 1,
  };
}

/** The full map with updateCardDataByKey, so keys the template added later are never wiped. */
export function buildCardUpdate(card: CardModel, outTrackId: string) {
  return {
    outTrackId,
    cardData: { cardParamMap: buildCardParamMap(card) },
    cardUpdateOptions: { updateCardDataByKey: true },
    userIdType: 1,
  };
}

/** groupMessages/send: markdown, no @ (unsupported there), so mentions are named in plain text. */
export function buildGroupMessage(card: CardModel, robotCode: string, conversationId: string) {
  const names = card.mentions.map((m) => neutralise(m.name)).join('、');
  const md = buildMarkdown(card, names ? `提醒：${names}` : '');
  return {
    robotCode,
    openConversationId: conversationId,
    msgKey: 'sampleMarkdown',
    msgParam: JSON.stringify(md),
  };
}

/** Webhook markdown: mentions both in `at.atUserIds` and as "@id" in the text, or they do not highlight. */
export function buildWebhookMessage(card: CardModel, msgUuid: string) {
  const ids = card.mentions.map((m) => m.dingtalk).filter((id): id is string => !!id && /^[\w.-]+$/.test(id));
  const md = buildMarkdown(card, ids.map((id) => `@${id}`).join(' '));
  return { msgtype: 'markdown', markdown: md, at: { atUserIds: ids, isAtAll: false }, msgUuid };
}
