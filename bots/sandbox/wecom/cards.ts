// Sent template cards, their per-recipient state and the response_codes that allow one update each
// (path/94888: single use, valid 72 h; one code from message/send and one per click callback).
import { INTERACTIVE_CARDS } from './card-validate.js';
import { ERR, wxError, type WxError } from './errors.js';
import { isRecord, newId, type CardView, type EmulatorState } from './state.js';

export const RESPONSE_CODE_TTL_MS = 72 * 3600 * 1000;

export function updatable(card: Record<string, unknown>): boolean {
  return INTERACTIVE_CARDS.includes(String(card.card_type)) || card.action_menu !== undefined;
}

export function issueResponseCode(s: EmulatorState, taskId: string): string {
  const code = newId('rc', 24);
  s.responseCodes.set(code, { owner: taskId, issuedAt: s.now(), used: false });
  return code;
}

/** Records a sent card for the members it reached; returns its response_code when it can be updated. */
export function registerCard(
  s: EmulatorState,
  card: Record<string, unknown>,
  delivered: string[],
): string | undefined {
  const taskId = String(card.task_id);
  const at = s.now();
  const view: CardView = {
    taskId,
    cardType: String(card.card_type),
    sentAt: at,
    recipients: {},
    history: [],
  };
  for (const userid of delivered) view.recipients[userid] = { card, replacedButton: null, updatedAt: at };
  const code = updatable(card) ? issueResponseCode(s, taskId) : undefined;
  view.history.push({
    at,
    kind: 'send',
    users: delivered,
    responseCode: code ?? null,
    card,
    replaceName: null,
  });
  s.cards.set(taskId, view);
  return code;
}

/** The card a response_code may update, or the error when it is unknown, used or older than 72 h. */
export function cardForCode(s: EmulatorState, code: unknown): CardView | WxError {
  const issued = typeof code === 'string' ? s.responseCodes.get(code) : undefined;
  const card = issued && s.cards.get(issued.owner);
  if (!issued || !card || issued.used || s.now() - issued.issuedAt >= RESPONSE_CODE_TTL_MS) {
    return wxError(ERR.responseCode, 'response_code invalid, used or expired');
  }
  return card;
}

export interface CardChange {
  code: string;
  users: string[];
  card: Record<string, unknown> | null;
  replaceName: string | null;
}

export function applyCardChange(s: EmulatorState, view: CardView, change: CardChange): void {
  const at = s.now();
  const issued = s.responseCodes.get(change.code);
  if (issued) issued.used = true;
  for (const userid of change.users) {
    const prev = view.recipients[userid];
    if (!prev) continue;
    view.recipients[userid] = change.card
      ? { card: change.card, replacedButton: null, updatedAt: at }
      : { ...prev, replacedButton: change.replaceName, updatedAt: at };
  }
  view.history.push({ at, kind: 'update', users: change.users, responseCode: change.code, ...pick(change) });
}

function pick(change: CardChange): { card: Record<string, unknown> | null; replaceName: string | null } {
  return { card: change.card, replaceName: change.replaceName };
}

/** A deep copy, so tests and the sandbox UI cannot change the emulator's state by accident. */
export function copyCard(view: CardView): CardView {
  return structuredClone(view);
}

export function isCardView(value: CardView | WxError): value is CardView {
  return isRecord(value) && 'taskId' in value;
}
