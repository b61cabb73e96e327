// POST /cgi-bin/message/send (path/90236): the app's 1:1 messages, including interactive template cards.
// Over 30/min or 1000/h for one member the platform still answers ok but never shows the message: recorded
// in `dropped` so tests can assert the notifier's budgets keep that from happening.
import { validateTemplateCard } from './card-validate.js';
import { registerCard } from './cards.js';
import { ERR, OK, wxError, type WxError } from './errors.js';
import { byteLength, isRecord, newId, recent, windowOf, type EmulatorState } from './state.js';
import { checkToken } from './tokens.js';

const MSGTYPES = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
];
const TEXTUAL = ['text', 'markdown', 'markdown_v2'];
const TEXT_MAX_BYTES = 2048;
const MEMBER_PER_MIN = 30;
const MEMBER_PER_HOUR = 1000;

export function checkAgent(s: EmulatorState, agentid: unknown): WxError | null {
  if (agentid === undefined || agentid === null || agentid === '') return wxError(ERR.missingAgentId);
  return Number(agentid) === s.opts.agentId ? null : wxError(ERR.badAgentId);
}

/** 44004 empty / 45002 too large for text-like content, 40035 when the type's object is missing. */
export function checkContent(
  body: Record<string, unknown>,
  msgtype: string,
  maxBytes: number,
): WxError | null {
  const part = body[msgtype];
  if (!isRecord(part)) return wxError(ERR.badParam, `${msgtype} object required`);
  if (!('content' in part) && !TEXTUAL.includes(msgtype)) return null;
  const content = typeof part.content === 'string' ? part.content : '';
  if (content.trim() === '') return wxError(ERR.emptyContent);
  return byteLength(content) > maxBytes ? wxError(ERR.tooLarge) : null;
}

function checkMessage(body: Record<string, unknown>, msgtype: string): WxError | null {
  if (msgtype === 'template_card') return validateTemplateCard(body.template_card, 'app');
  return checkContent(body, msgtype, TEXT_MAX_BYTES);
}

function recipients(s: EmulatorState, touser: unknown): { valid: string[]; invalid: string[] } {
  const ids = typeof touser === 'string' && touser !== '' ? touser.split('|') : [];
  if (ids.includes('@all')) return { valid: [...s.opts.users], invalid: [] };
  const unique = [...new Set(ids)];
  return {
    valid: unique.filter((u) => s.opts.users.includes(u)),
    invalid: unique.filter((u) => !s.opts.users.includes(u)),
  };
}

/** Delivers to each member within their budget; returns the members who actually got it. */
function deliver(s: EmulatorState, users: string[], msgid: string, body: Record<string, unknown>): string[] {
  const at = s.now();
  const msgtype = String(body.msgtype);
  const card = isRecord(body.template_card) ? body.template_card : null;
  const delivered: string[] = [];
  for (const userid of users) {
    const times = windowOf(s.memberWindows, userid);
    const lastHour = recent(times, at, 3600_000);
    const lastMinute = times.filter((t) => t > at - 60_000).length;
    if (lastMinute >= MEMBER_PER_MIN || lastHour >= MEMBER_PER_HOUR) {
      const reason = lastMinute >= MEMBER_PER_MIN ? 'member 30/min' : 'member 1000/h';
      s.dropped.push({ at, userid, msgid, reason });
      continue;
    }
    times.push(at);
    delivered.push(userid);
    const taskId = card && typeof card.task_id === 'string' ? card.task_id : null;
    s.appMessages.push({ at, userid, msgid, msgtype, body: structuredClone(body), taskId });
  }
  return delivered;
}

export function messageSend(s: EmulatorState, query: Record<string, string>, body: unknown): object {
  const denied = checkToken(s, query.access_token);
  if (denied) return denied;
  if (!isRecord(body)) return wxError(ERR.badParam, 'body must be a JSON object');
  const badAgent = checkAgent(s, body.agentid);
  if (badAgent) return badAgent;
  const msgtype = typeof body.msgtype === 'string' ? body.msgtype : '';
  if (!MSGTYPES.includes(msgtype)) return wxError(ERR.badMsgtype);
  const invalidMessage = checkMessage(body, msgtype);
  if (invalidMessage) return invalidMessage;
  const { valid, invalid } = recipients(s, body.touser);
  if (valid.length === 0) return wxError(ERR.allInvalid);
  const card = msgtype === 'template_card' && isRecord(body.template_card) ? body.template_card : null;
  if (card && typeof card.task_id === 'string' && s.cards.has(card.task_id)) return wxError(ERR.taskId);
  const msgid = newId('msg');
  const delivered = deliver(s, valid, msgid, body);
  const responseCode =
    card && typeof card.task_id === 'string' ? registerCard(s, card, delivered) : undefined;
  const answer = { ...OK, invaliduser: invalid.join('|'), msgid };
  return responseCode ? { ...answer, response_code: responseCode } : answer;
}
