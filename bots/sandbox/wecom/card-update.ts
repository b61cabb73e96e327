// POST /cgi-bin/message/update_template_card (path/94888): spend one response_code to grey out the buttons
// (`button.replace_name`) or replace the whole card, for listed members or every recipient (`atall: 1`).
import { checkAgent } from './app-send.js';
import { INTERACTIVE_CARDS, validateTemplateCard } from './card-validate.js';
import { applyCardChange, cardForCode, isCardView } from './cards.js';
import { ERR, OK, wxError, type WxError } from './errors.js';
import { isRecord, type CardView, type EmulatorState } from './state.js';
import { checkToken } from './tokens.js';

interface Replacement {
  card: Record<string, unknown> | null;
  replaceName: string | null;
}

function replacement(body: Record<string, unknown>): Replacement | WxError {
  if (isRecord(body.button)) {
    const name = body.button.replace_name;
    if (typeof name !== 'string' || name === '') return wxError(ERR.badParam, 'button.replace_name required');
    return { card: null, replaceName: name };
  }
  if (body.template_card === undefined) return wxError(ERR.badParam, 'button or template_card required');
  const invalid = validateTemplateCard(body.template_card, 'app');
  return invalid ?? { card: body.template_card as Record<string, unknown>, replaceName: null };
}

function targets(view: CardView, body: Record<string, unknown>): { users: string[]; invalid: string[] } {
  const all = Object.keys(view.recipients);
  if (body.atall === 1) return { users: all, invalid: [] };
  const listed = Array.isArray(body.userids) ? body.userids.map(String) : [];
  return { users: listed.filter((u) => all.includes(u)), invalid: listed.filter((u) => !all.includes(u)) };
}

export function updateTemplateCard(s: EmulatorState, query: Record<string, string>, body: unknown): object {
  const denied = checkToken(s, query.access_token);
  if (denied) return denied;
  if (!isRecord(body)) return wxError(ERR.badParam, 'body must be a JSON object');
  const badAgent = checkAgent(s, body.agentid);
  if (badAgent) return badAgent;
  // The payload is checked before the code, so a rejected payload does not burn the code.
  const change = replacement(body);
  if ('errcode' in change) return change;
  const view = cardForCode(s, body.response_code);
  if (!isCardView(view)) return view;
  if (change.replaceName !== null && !INTERACTIVE_CARDS.includes(view.cardType)) {
    return wxError(ERR.badParam, 'only interactive cards have buttons to replace');
  }
  const { users, invalid } = targets(view, body);
  applyCardChange(s, view, { code: String(body.response_code), users, ...change });
  return { ...OK, invaliduser: invalid };
}
