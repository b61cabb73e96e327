// Two ways to answer someone who wrote first (wecom.md §5.2, §6):
// - 微信客服 kf/send_msg: ≤5 messages within 48 h of the customer's last message;
// - AI bot response_url: single use, valid 1 h, markdown or template_card.
import { checkContent } from './app-send.js';
import { validateTemplateCard } from './card-validate.js';
import { ERR, OK, wxError } from './errors.js';
import { isRecord, newId, type EmulatorState } from './state.js';
import { checkToken } from './tokens.js';

const KF_WINDOW_MS = 48 * 3600 * 1000;
const KF_MAX_REPLIES = 5;
const KF_MSGTYPES = ['text', 'image', 'voice', 'video', 'file', 'link', 'miniprogram', 'msgmenu', 'location'];
const BOT_CODE_TTL_MS = 3600 * 1000;

export function customerWrites(s: EmulatorState, openKfid: string, externalUserId: string): void {
  s.kfSessions.set(`${openKfid}/${externalUserId}`, { lastCustomerAt: s.now(), sent: 0 });
}

export function kfSend(s: EmulatorState, query: Record<string, string>, body: unknown): object {
  const denied = checkToken(s, query.access_token);
  if (denied) return denied;
  if (!isRecord(body)) return wxError(ERR.badParam, 'body must be a JSON object');
  const openKfid = String(body.open_kfid ?? '');
  if (!(s.opts.kf?.openKfid ?? []).includes(openKfid)) return wxError(ERR.kfBadOpenKfid);
  const touser = typeof body.touser === 'string' ? body.touser : '';
  if (touser === '') return wxError(ERR.badParam, 'touser required');
  const msgtype = typeof body.msgtype === 'string' ? body.msgtype : '';
  if (!KF_MSGTYPES.includes(msgtype)) return wxError(ERR.badMsgtype);
  const invalid = checkContent(body, msgtype, 2048);
  if (invalid) return invalid;
  const session = s.kfSessions.get(`${openKfid}/${touser}`);
  const at = s.now();
  if (!session || at - session.lastCustomerAt > KF_WINDOW_MS || session.sent >= KF_MAX_REPLIES) {
    return wxError(ERR.kfLimit);
  }
  session.sent += 1;
  s.kfMessages.push({ at, openKfid, externalUserId: touser, msgtype, body: structuredClone(body) });
  return { ...OK, msgid: newId('kf') };
}

export function mintResponseUrl(s: EmulatorState, chatid: string): string {
  const code = newId('bot', 24);
  s.botCodes.set(code, { owner: chatid, issuedAt: s.now(), used: false });
  return `${s.url}/cgi-bin/aibot/response?response_code=${code}`;
}

export function botResponse(s: EmulatorState, query: Record<string, string>, body: unknown): object {
  const issued = s.botCodes.get(query.response_code ?? '');
  if (!issued || issued.used || s.now() - issued.issuedAt >= BOT_CODE_TTL_MS) {
    return wxError(ERR.responseCode, 'response_code invalid, used or expired');
  }
  if (!isRecord(body)) return wxError(ERR.badParam, 'body must be a JSON object');
  const msgtype = typeof body.msgtype === 'string' ? body.msgtype : '';
  if (msgtype !== 'markdown' && msgtype !== 'template_card') return wxError(ERR.badMsgtype);
  const invalid =
    msgtype === 'markdown'
      ? checkContent(body, 'markdown', 4096)
      : validateTemplateCard(body.template_card, 'app');
  if (invalid) return invalid;
  issued.used = true;
  s.botMessages.push({ at: s.now(), chatid: issued.owner, msgtype, body: structuredClone(body) });
  return OK;
}
