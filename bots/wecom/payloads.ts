// Pure builders for the app channel: CardModel → message/send and update_template_card bodies
// (button_interaction, wecom.md §2.2). Lengths follow WeCom's suggested limits so the client never cuts text.
import type { CardModel } from '../../src/notify/card-model.js';
import { clip } from './text.js';

export { buildWebhookMarkdown } from './markdown.js';

export const SOURCE_DESC = '订单守望';

/**
 * Button styles: WeCom takes 1–4 (default 1). UNCONFIRMED which colour each number shows; 1 is the default
 * (blue) style, 2 is taken as the warning (red) one and 3 as the plain one.
 */
const BUTTON_STYLE = { primary: 1, danger: 2, default: 3 } as const;

/** source.desc_color: 0 grey, 1 black, 2 red, 3 green. */
const DESC_COLOR = { red: 2, orange: 2, blue: 1, green: 3, grey: 0 } as const;

const SEVERITY_LABEL = { critical: '紧急', warning: '警告', info: '提示' } as const;
const VARIANT_LABEL = { escalated: '已升级', resolved: '已恢复', digest: '汇总', alert: null } as const;

type Json = Record<string, unknown>;

function mainDesc(card: CardModel): string {
  const label = VARIANT_LABEL[card.variant] ?? (card.severity ? SEVERITY_LABEL[card.severity] : null);
  return clip([label, card.renderedAt].filter(Boolean).join(' · '), 44);
}

function subTitle(card: CardModel): string {
  const status = `状态：${card.status}`;
  if (!card.summary) return clip(status, 160);
  return `${clip(card.summary, Math.max(1, 160 - Array.from(status).length - 1))}\n${status}`;
}

function contentList(card: CardModel): Json[] {
  return card.facts.slice(0, 6).map((f) => ({ keyname: clip(f.label, 5), value: clip(f.value, 30) }));
}

/** A digest's groups need more than a 5-character key: vertical rows (≤ 4) have a title and a line. */
function digestRows(card: CardModel): Json[] {
  if (!card.digest) return [];
  return card.digest.lines.slice(0, 4).map((l) => ({
    title: clip(`${l.label} × ${l.count}`, 26),
    desc: clip(l.examples.join('；'), 112),
  }));
}

/**
 * button_interaction needs 1..6 buttons. A card without actions (resolved, digest) gets one: a jump to its
 * link, or an inert callback button showing the status (its key decodes to no action).
 */
function buttons(card: CardModel): Json[] {
  if (card.buttons.length > 0) {
    return card.buttons
      .slice(0, 6)
      .map((b) => ({ type: 0, text: clip(b.label, 10), style: BUTTON_STYLE[b.style], key: b.key }));
  }
  if (card.link)
    return [{ type: 1, text: clip(card.link.label || '查看', 10), style: 1, url: card.link.url }];
  return [
    {
      type: 0,
      text: clip(card.status || '已处理', 10),
      style: 3,
      key: `ow1.noop.${card.alertId ?? 'digest'}`,
    },
  ];
}

/** The `template_card` object (same for send and update; the task_id ties them together). */
export function templateCardOf(card: CardModel, taskId: string): Json {
  const out: Json = {
    card_type: 'button_interaction',
    source: { desc: SOURCE_DESC, desc_color: DESC_COLOR[card.colour] },
    main_title: { title: clip(card.title, 36), desc: mainDesc(card) },
    sub_title_text: subTitle(card),
    task_id: taskId,
    button_list: buttons(card),
  };
  const facts = contentList(card);
  if (facts.length > 0) out.horizontal_content_list = facts;
  const rows = digestRows(card);
  if (rows.length > 0) out.vertical_content_list = rows;
  if (card.link) {
    out.card_action = { type: 1, url: card.link.url };
    out.jump_list = [{ type: 1, title: clip(card.link.label || '查看详情', 13), url: card.link.url }];
  }
  return out;
}

export interface AppCardTarget {
  taskId: string;
  agentId: number;
  users: string[];
}

/** The message/send body: one template card to each listed member. */
export function buildAppTemplateCard(card: CardModel, target: AppCardTarget): Json {
  return {
    touser: target.users.join('|'),
    msgtype: 'template_card',
    agentid: target.agentId,
    template_card: templateCardOf(card, target.taskId),
  };
}

/** The update_template_card body: the whole card replaced for every recipient (`atall: 1`). */
export function buildAppCardUpdate(
  card: CardModel,
  target: { taskId: string; agentId: number; responseCode: string },
): Json {
  return {
    atall: 1,
    agentid: target.agentId,
    response_code: target.responseCode,
    template_card: templateCardOf(card, target.taskId),
  };
}
