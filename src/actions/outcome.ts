// What handling one chat event produces: the reply, what the audit row records, and the after-commit work.
import type { Role } from '../config/index.js';
import type { CardModel } from '../notify/card-model.js';
import type { ActionTx, AlertRef, OrderRef, PersonRecord } from '../store/interaction-store.js';
import type { Replies } from './replies.js';
import type { ParsedCommand, Platform, ReplyResult } from './types.js';

export interface Actor {
  platform: Platform;
  platformUserId: string;
  /** Null: a chat user the people list does not know. */
  person: PersonRecord | null;
  /** The person's name, else the name the platform reported. */
  name: string | null;
}

export interface Effect {
  result: ReplyResult;
  text: string;
  buttonText?: string;
  card?: CardModel;
  /** What the audit row says; defaults to `result` (`info` answers of show/help are audited as ok). */
  audit?: 'ok' | 'denied' | 'conflict' | 'error' | 'info';
  /** Alerts whose cards must be re-rendered after commit. */
  alertIds?: string[];
  /** Outbound decisions written to the outbox. */
  outbound?: number;
  /** show: the alert whose interactive card to attach to the answer in a group (rendered after commit). */
  cardAlertId?: string;
}

export interface Target {
  order: OrderRef | null;
  alert: AlertRef | null;
}

export interface RefundPolicyLike {
  secondApproverFromFen: number;
}

/** Everything a command's apply step needs; `person` is known for every command but show and help. */
export interface ApplyContext {
  tx: ActionTx;
  actor: Actor & { person: PersonRecord };
  cmd: ParsedCommand;
  target: Target & { order: OrderRef };
  now: Date;
  replies: Replies;
  refunds: RefundPolicyLike;
  /** Write outbound decisions (false when no ORDERWATCH_WEBHOOK_URL is configured). */
  outbound: boolean;
}

export const effect = (result: ReplyResult, text: string, extra: Partial<Effect> = {}): Effect => ({
  result,
  text,
  ...extra,
});

export function rolesOf(actor: Actor): readonly Role[] | null {
  return actor.person ? actor.person.roles : null;
}

/** "taobao:TB2026…" — how replies name an order. */
export const orderLabel = (o: { channel: string; externalId: string }) => `${o.channel}:${o.externalId}`;
