// template_card field rules (wecom.md §1 and §2.2, from path/90236 / path/90372 copies). Every rule breaks with
// the code WeCom gives: 42014 for a missing or over-long task_id, 40035 for any other bad field.
import { ERR, wxError, type WxError } from './errors.js';
import { byteLength, isRecord } from './state.js';

export const INTERACTIVE_CARDS = ['button_interaction', 'vote_interaction', 'multiple_interaction'];
export const NOTICE_CARDS = ['text_notice', 'news_notice'];
const TASK_ID = /^[0-9A-Za-z_\-@]+$/;

export type CardMode = 'app' | 'webhook';

type Check = (card: Record<string, unknown>) => string | null;

function list(card: Record<string, unknown>, field: string): unknown[] | null {
  const v = card[field];
  return Array.isArray(v) ? v : null;
}

function maxItems(field: string, max: number, min = 0): Check {
  return (card) => {
    const v = card[field];
    if (v === undefined) return min > 0 ? `${field} required` : null;
    if (!Array.isArray(v) || v.length < min || v.length > max)
      return `${field} must hold ${min}..${max} items`;
    return null;
  };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

const titled: Check = (card) => {
  const main = isRecord(card.main_title) ? card.main_title : {};
  return str(main.title) || str(card.sub_title_text) ? null : 'main_title.title or sub_title_text required';
};

const cardAction =
  (required: boolean): Check =>
  (card) => {
    const a = card.card_action;
    if (a === undefined) return required ? 'card_action required' : null;
    if (!isRecord(a)) return 'card_action must be an object';
    if (a.type === 1 && !str(a.url)) return 'card_action.url required for type 1';
    if (a.type === 2 && !str(a.appid)) return 'card_action.appid required for type 2';
    return [0, 1, 2, undefined].includes(a.type as number) ? null : 'card_action.type must be 0, 1 or 2';
  };

const newsBody: Check = (card) => {
  const main = isRecord(card.main_title) ? card.main_title : {};
  if (!str(main.title)) return 'main_title.title required';
  return isRecord(card.card_image) || isRecord(card.image_text_area)
    ? null
    : 'card_image or image_text_area required';
};

const contentItems: Check = (card) => {
  for (const item of list(card, 'horizontal_content_list') ?? []) {
    if (!isRecord(item) || !str(item.keyname)) return 'horizontal_content_list[].keyname required';
    if (item.type === 1 && !str(item.url)) return 'horizontal_content_list[].url required for type 1';
  }
  return null;
};

const buttons: Check = (card) => {
  const items = list(card, 'button_list');
  if (!items || items.length < 1 || items.length > 6) return 'button_list must hold 1..6 items';
  const keys = new Set<string>();
  for (const b of items) {
    if (!isRecord(b) || !str(b.text)) return 'button_list[].text required';
    if (b.style !== undefined && ![1, 2, 3, 4].includes(b.style as number))
      return 'button_list[].style must be 1..4';
    if (b.type === 1) {
      if (!str(b.url)) return 'button_list[].url required for type 1';
      continue;
    }
    const key = str(b.key);
    if (!key || byteLength(key) > 1024) return 'button_list[].key required, ≤1024 bytes';
    if (keys.has(key)) return `button_list key "${key}" repeated`;
    keys.add(key);
  }
  return null;
};

const submit: Check = (card) => {
  const b = card.submit_button;
  return isRecord(b) && str(b.text) && str(b.key) ? null : 'submit_button{text,key} required';
};

const checkbox: Check = (card) => {
  const c = card.checkbox;
  if (!isRecord(c) || !str(c.question_key)) return 'checkbox.question_key required';
  const options = Array.isArray(c.option_list) ? c.option_list : [];
  return options.length >= 1 && options.length <= 20 ? null : 'checkbox.option_list must hold 1..20 items';
};

const actionMenu: Check = (card) => {
  const m = card.action_menu;
  if (m === undefined) return null;
  const items = isRecord(m) && Array.isArray(m.action_list) ? m.action_list : [];
  return items.length >= 1 && items.length <= 3 ? null : 'action_menu.action_list must hold 1..3 items';
};

const common: Check[] = [
  maxItems('horizontal_content_list', 6),
  contentItems,
  maxItems('jump_list', 3),
  maxItems('vertical_content_list', 4),
  actionMenu,
];

const RULES: Record<string, Check[]> = {
  text_notice: [titled, cardAction(true)],
  news_notice: [newsBody, cardAction(true)],
  button_interaction: [titled, buttons, cardAction(false)],
  vote_interaction: [titled, checkbox, submit],
  multiple_interaction: [titled, maxItems('select_list', 3, 1), submit],
};

function checkTaskId(card: Record<string, unknown>): WxError | null {
  const needed = INTERACTIVE_CARDS.includes(str(card.card_type)) || card.action_menu !== undefined;
  const taskId = card.task_id;
  if (taskId === undefined && !needed) return null;
  if (typeof taskId !== 'string' || taskId === '' || byteLength(taskId) > 128) return wxError(ERR.taskId);
  return TASK_ID.test(taskId) ? null : wxError(ERR.badParam, 'task_id charset is [0-9A-Za-z_-@]');
}

/** The error for this card, or null. Webhooks only take notice cards (no callbacks without an app). */
export function validateTemplateCard(card: unknown, mode: CardMode): WxError | null {
  if (!isRecord(card)) return wxError(ERR.badParam, 'template_card required');
  const type = str(card.card_type);
  const allowed = mode === 'webhook' ? NOTICE_CARDS : [...NOTICE_CARDS, ...INTERACTIVE_CARDS];
  if (!allowed.includes(type)) return wxError(ERR.badParam, `card_type "${type}" not allowed here`);
  for (const check of [...(RULES[type] ?? []), ...common]) {
    const problem = check(card);
    if (problem) return wxError(ERR.badParam, problem);
  }
  return checkTaskId(card);
}
