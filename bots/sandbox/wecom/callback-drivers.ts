// Drivers for the self-built app's callback, acting as WeCom: URL verification, a member tapping a card
// button (the exact XML of wecom.md §4.1 with a fresh response_code), a member typing to the app (§5.1).
// A passive reply changes what the member sees: update_button greys out their buttons, text shows up in
// their 1:1 chat (`appMessages`, via 'passive').
import { randomInt } from 'node:crypto';
import { issueResponseCode } from './cards.js';
import {
  nowSeconds,
  openReply,
  pathOf,
  receiveIdOf,
  seal,
  sendTo,
  targetOf,
  xmlTag,
  type OpenedReply,
  type RawAnswer,
  type SealedRequest,
  type Which,
} from './callback-transport.js';
import { wxEncrypt, wxSign } from './callback-crypto.js';
import { isRecord, newId, type EmulatorState } from './state.js';

export interface CallbackResult extends OpenedReply, RawAnswer {
  /** What was sent, to replay it with `postCallback`. */
  request: SealedRequest;
}

export interface VerifyResult extends RawAnswer {
  /** The plaintext the app must answer with. */
  echo: string;
}

const cdata = (text: string) => `<![CDATA[${text}]]>`;

export async function verifyUrl(s: EmulatorState, which: Which): Promise<VerifyResult> {
  const t = targetOf(s, which);
  const echo = String(randomInt(1_000_000_000, 9_999_999_999));
  const echostr = wxEncrypt(t.aesKey, echo, receiveIdOf(s, which));
  const timestamp = String(nowSeconds(s));
  const nonce = String(randomInt(100_000_000, 999_999_999));
  const query = { msg_signature: wxSign(t.token, timestamp, nonce, echostr), timestamp, nonce, echostr };
  const answer = await sendTo(s, which, 'verify', pathOf(s, which), { method: 'GET', query });
  return { ...answer, echo };
}

async function postApp(s: EmulatorState, kind: string, xml: string): Promise<CallbackResult> {
  const request = seal(s, 'callback', xml);
  const answer = await sendTo(s, 'callback', kind, pathOf(s, 'callback'), request);
  return { ...answer, ...openReply(s, 'callback', answer), request };
}

function buttonKeys(card: Record<string, unknown>): string[] {
  const list = Array.isArray(card.button_list) ? card.button_list : [];
  return list.filter(isRecord).map((b) => String(b.key ?? ''));
}

/** update_button greys out this member's buttons; update_template_card replaces their card. */
function applyClickReply(s: EmulatorState, taskId: string, userid: string, reply: string | null): void {
  const view = s.cards.get(taskId);
  const mine = view?.recipients[userid];
  if (!reply || !view || !mine || xmlTag(reply, 'MsgType') !== 'update_button') return;
  const name = xmlTag(reply, 'ReplaceName') ?? '';
  view.recipients[userid] = { ...mine, replacedButton: name, updatedAt: s.now() };
  const entry = { at: s.now(), kind: 'passive' as const, users: [userid], responseCode: null };
  view.history.push({ ...entry, card: null, replaceName: name });
}

export interface ClickOptions {
  taskId: string;
  userid: string;
  eventKey: string;
}

/** A member taps a button of a card the app sent them; throws when they could not have. */
export async function clickCard(
  s: EmulatorState,
  o: ClickOptions,
): Promise<CallbackResult & { responseCode: string }> {
  const view = s.cards.get(o.taskId);
  const mine = view?.recipients[o.userid];
  if (!view || !mine) throw new Error(`emulator: ${o.userid} has no card ${o.taskId}`);
  if (!buttonKeys(mine.card).includes(o.eventKey))
    throw new Error(`emulator: no button ${o.eventKey} on ${o.taskId}`);
  if (mine.replacedButton !== null) throw new Error(`emulator: ${o.userid}'s buttons are greyed out`);
  const responseCode = issueResponseCode(s, o.taskId);
  const xml =
    `<xml><ToUserName>${cdata(s.opts.corpId)}</ToUserName><FromUserName>${cdata(o.userid)}</FromUserName>` +
    `<CreateTime>${nowSeconds(s)}</CreateTime><MsgType>${cdata('event')}</MsgType>` +
    `<Event>${cdata('template_card_event')}</Event><EventKey>${cdata(o.eventKey)}</EventKey>` +
    `<TaskId>${cdata(o.taskId)}</TaskId><CardType>${cdata(view.cardType)}</CardType>` +
    `<ResponseCode>${cdata(responseCode)}</ResponseCode><AgentID>${s.opts.agentId}</AgentID></xml>`;
  const result = await postApp(s, 'click', xml);
  applyClickReply(s, o.taskId, o.userid, result.reply);
  return { ...result, responseCode };
}

/** A 64-bit MsgId, above 2^53 like the real ones, so that a client parsing it as a number breaks. */
function msgId(): string {
  return `7${String(randomInt(100_000_000, 999_999_999))}${String(randomInt(100_000_000, 999_999_999))}`;
}

/** A member types to the app in their 1:1 chat; a passive text reply lands in that chat. */
export async function sendText(
  s: EmulatorState,
  o: { userid: string; content: string },
): Promise<CallbackResult & { msgId: string }> {
  const id = msgId();
  const xml =
    `<xml><ToUserName>${cdata(s.opts.corpId)}</ToUserName><FromUserName>${cdata(o.userid)}</FromUserName>` +
    `<CreateTime>${nowSeconds(s)}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(o.content)}</Content><MsgId>${id}</MsgId><AgentID>${s.opts.agentId}</AgentID></xml>`;
  const result = await postApp(s, 'text', xml);
  if (result.reply && xmlTag(result.reply, 'MsgType') === 'text') {
    const body = { msgtype: 'text', text: { content: xmlTag(result.reply, 'Content') ?? '' } };
    const at = s.now();
    s.appMessages.push({
      at,
      userid: o.userid,
      msgid: newId('msg'),
      msgtype: 'text',
      body,
      taskId: null,
      via: 'passive',
    });
  }
  return { ...result, msgId: id };
}
