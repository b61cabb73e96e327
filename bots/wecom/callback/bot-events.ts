// The AI bot's decrypted JSON (wecom.md §5.2, path/100719, 101027) → PlatformEvent, and its replies
// (path/101031): a finished stream (markdown), with a template card when the reply carries one; a card
// update for a click; markdown or a card through the single-use response_url.
import { randomBytes } from 'node:crypto';
import type { PlatformEvent, Reply } from '../../../src/actions/types.js';
import type { CardModel } from '../../../src/notify/card-model.js';
import { templateCardOf } from '../payloads.js';
import { truncateUtf8 } from '../text.js';

/** stream.content ≤ 20480 bytes (path/101031); response_url markdown ≤ 4096 (path/101138). */
const STREAM_MAX_BYTES = 20480;
const MARKDOWN_MAX_BYTES = 4096;

export interface BotEvent {
  event: PlatformEvent;
  /** Where a later answer goes (single use, valid 1 h); null when the callback carried none. */
  responseUrl: string | null;
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The @mention of the bot goes (WeCom keeps "@RobotA " in the content); a leading one in a group always does. */
export function stripMention(content: string, group: boolean, botName?: string): string {
  let out = content;
  if (botName) out = out.replace(new RegExp(`@${escapeRegExp(botName)}(?=\\s|$)`, 'gu'), ' ');
  else if (group) out = out.replace(/^\s*@\S+/u, ' ');
  return out.trim();
}

function typedText(msg: Json): string | null {
  if (msg.msgtype === 'text') return str(record(msg.text).content);
  if (msg.msgtype !== 'mixed') return null;
  const items = record(msg.mixed).msg_item;
  const texts = Array.isArray(items) ? items.map(record).filter((i) => i.msgtype === 'text') : [];
  return texts.length > 0 ? texts.map((i) => str(record(i.text).content)).join(' ') : null;
}

/** A typed text (group @bot or 1:1) or a card click; null for everything else (enter_chat, images, …). */
export function botEventOf(decrypted: unknown, receivedAt: Date, botName?: string): BotEvent | null {
  const msg = record(decrypted);
  const msgid = str(msg.msgid).trim();
  const userid = str(record(msg.from).userid).trim();
  if (!msgid || !userid) return null;
  const group = msg.chattype === 'group';
  const base = {
    platform: 'wecom' as const,
    eventId: msgid,
    actor: { platformUserId: userid, name: null },
    chat: { type: group ? ('group' as const) : ('single' as const), id: str(msg.chatid) || null },
    receivedAt,
  };
  const responseUrl = str(msg.response_url) || null;
  const text = typedText(msg);
  if (text !== null)
    return { event: { ...base, kind: 'text', text: stripMention(text, group, botName) }, responseUrl };
  const event = record(msg.event);
  if (msg.msgtype !== 'event' || event.eventtype !== 'template_card_event') return null;
  const click = record(event.template_card_event);
  const key = str(click.event_key);
  const taskId = str(click.task_id);
  if (!key || !taskId) return null;
  return { event: { ...base, kind: 'button', buttonKey: key, card: { taskId } }, responseUrl };
}

/** A fresh task_id for a card the bot sends: unique per bot forever, [0-9A-Za-z_-@], ≤ 128 bytes. */
export function newTaskId(card: CardModel): string {
  const subject = (card.alertId ?? 'digest').replace(/[^0-9A-Za-z_\-@]/g, '_').slice(0, 80);
  return `ow-${subject}-${randomBytes(6).toString('hex')}`;
}

/** The passive answer to a typed text: one finished stream, plus the card when there is one. */
export function streamReply(reply: Reply): Json {
  const stream = {
    id: `ow${randomBytes(8).toString('hex')}`,
    finish: true,
    content: truncateUtf8(reply.text, STREAM_MAX_BYTES),
  };
  if (!reply.card) return { msgtype: 'stream', stream };
  return {
    msgtype: 'stream_with_template_card',
    stream,
    template_card: templateCardOf(reply.card, newTaskId(reply.card)),
  };
}

/** The passive answer to a click: the clicked card re-rendered for everyone (its task_id must not change). */
export function cardUpdateReply(card: CardModel, taskId: string): Json {
  return { response_type: 'update_template_card', template_card: templateCardOf(card, taskId) };
}

export function markdownBody(text: string): Json {
  return { msgtype: 'markdown', markdown: { content: truncateUtf8(text, MARKDOWN_MAX_BYTES) } };
}

export function cardBody(card: CardModel): Json {
  return { msgtype: 'template_card', template_card: templateCardOf(card, newTaskId(card)) };
}
