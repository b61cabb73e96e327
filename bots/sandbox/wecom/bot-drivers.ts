// Drivers for the AI bot's JSON callbacks (wecom.md §5.2, path/100719, 101027), acting as WeCom: a member
// @-mentions the bot in a group, or taps a button on a card the bot posted. Each callback carries a fresh
// response_url; the passive reply shows up in the group (`botMessages`, via 'passive').
import { randomBytes } from 'node:crypto';
import { validateTemplateCard } from './card-validate.js';
import { mintResponseUrl } from './kf-bot.js';
import {
  botTargetOf,
  openReply,
  pathOf,
  seal,
  sendTo,
  type OpenedReply,
  type RawAnswer,
  type SealedRequest,
} from './callback-transport.js';
import { isRecord, type EmulatorState } from './state.js';

export interface BotCallbackResult extends RawAnswer, Omit<OpenedReply, 'reply'> {
  /** The decrypted passive reply (JSON), if any. */
  reply: Record<string, unknown> | null;
  request: SealedRequest;
  msgid: string;
  responseUrl: string;
}

function botMsgId(): string {
  return `CAIQ${randomBytes(18).toString('base64').replace(/\+/g, '/')}`;
}

function header(s: EmulatorState, o: { chatid: string; userid: string }, msgid: string, responseUrl: string) {
  const bot = botTargetOf(s);
  return {
    msgid,
    aibotid: bot.botId,
    chatid: o.chatid,
    chattype: 'group',
    from: { userid: o.userid },
    response_url: responseUrl,
  };
}

async function postBot(
  s: EmulatorState,
  kind: string,
  chatid: string,
  message: Record<string, unknown>,
): Promise<BotCallbackResult> {
  const request = seal(s, 'bot', JSON.stringify(message));
  const answer = await sendTo(s, 'bot', kind, pathOf(s, 'bot'), request);
  const opened = openReply(s, 'bot', answer);
  let reply: Record<string, unknown> | null = null;
  let replyError = opened.replyError;
  if (opened.reply !== null) {
    try {
      const parsed: unknown = JSON.parse(opened.reply);
      if (isRecord(parsed)) reply = parsed;
      else replyError = 'reply is not a JSON object';
    } catch {
      replyError = 'reply is not JSON';
    }
  }
  const card = reply && isRecord(reply.template_card) ? reply.template_card : null;
  const invalid = card && validateTemplateCard(card, 'app');
  if (invalid) replyError = `template_card refused: ${invalid.errmsg}`;
  if (reply && !invalid) {
    const msgtype = String(reply.msgtype ?? reply.response_type ?? '');
    s.botMessages.push({ at: s.now(), chatid, msgtype, body: structuredClone(reply), via: 'passive' });
  }
  const base = {
    ...answer,
    request,
    reply,
    msgid: String(message.msgid),
    responseUrl: String(message.response_url),
  };
  return replyError ? { ...base, replyError } : base;
}

/** A member writes "@<bot name> <text>" in a group chat. */
export async function mentionBot(
  s: EmulatorState,
  o: { chatid: string; userid: string; text: string },
): Promise<BotCallbackResult> {
  const bot = botTargetOf(s);
  const message = {
    ...header(s, o, botMsgId(), mintResponseUrl(s, o.chatid)),
    msgtype: 'text',
    text: { content: `@${bot.name} ${o.text}` },
  };
  return postBot(s, 'mention', o.chatid, message);
}

/** A member taps a button on a card the bot posted in a group. */
export async function clickBotCard(
  s: EmulatorState,
  o: { chatid: string; userid: string; taskId: string; eventKey: string },
): Promise<BotCallbackResult> {
  const message = {
    ...header(s, o, botMsgId(), mintResponseUrl(s, o.chatid)),
    create_time: Math.floor(s.now() / 1000),
    msgtype: 'event',
    event: {
      eventtype: 'template_card_event',
      template_card_event: { card_type: 'button_interaction', event_key: o.eventKey, task_id: o.taskId },
    },
  };
  return postBot(s, 'bot-click', o.chatid, message);
}
