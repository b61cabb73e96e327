// The seams of the interaction side (DESIGN.md §3.4, §6): platform adapters normalise a button tap or a
// typed command into a PlatformEvent and hand it to the InteractionHandler; commands are data
// (CommandSpec), parsed into a ParsedCommand; the handler answers with a Reply the adapter shows.
import type { Role } from '../config/index.js';
import type { CardModel } from '../notify/card-model.js';

export const ACTION_IDS = [
  'claim',
  'resolve',
  'snooze',
  'hold',
  'release',
  'approve',
  'reject',
  'merge',
  'legit',
  'show',
  'help',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export type Platform = 'wecom' | 'dingtalk';

/** What a person did in a chat, as every platform adapter reports it. */
export interface PlatformEvent {
  platform: Platform;
  /**
   * The platform's own dedupe key (DESIGN.md §3.2): WeCom MsgId, or FromUserName+CreateTime+EventKey+TaskId
   * for card events; AI-bot msgid; DingTalk msgId (robot messages) or the Stream messageId (card callbacks).
   */
  eventId: string;
  /** Who: the platform's user id (WeCom userid, DingTalk staffId/userId) and the display name if known. */
  actor: { platformUserId: string; name: string | null };
  /** `button`: a card button (`buttonKey` = `ow1.<action>.<alertId>`); `text`: a typed command. */
  kind: 'button' | 'text';
  text?: string;
  buttonKey?: string;
  /** Where: a group chat or a 1:1 chat, with the platform's chat id when there is one. */
  chat: { type: 'group' | 'single'; id: string | null };
  /** The card the button was on: WeCom task_id and the fresh single-use response_code of this click;
   *  DingTalk outTrackId. */
  card?: { taskId?: string; responseCode?: string; outTrackId?: string };
  receivedAt: Date;
}

export type ReplyResult = 'ok' | 'denied' | 'conflict' | 'error' | 'info';

/** What to tell the person (Simplified Chinese, from templates/replies). */
export interface Reply {
  result: ReplyResult;
  /** Plain text with light markdown (bold, line breaks); adapters neutralise it for their platform. */
  text: string;
  /** For a button: a short label for the tapped button on this person's card (e.g. "已认领"). */
  buttonText?: string;
  /** The event was seen before (a platform redelivery or a double tap): this is the first answer again. */
  duplicate?: boolean;
  /** An alert card to show with the answer (e.g. `show` in a WeCom AI-bot group: a card with buttons). */
  card?: CardModel;
}

export interface InteractionHandler {
  handle(event: PlatformEvent): Promise<Reply>;
}

/** How a command names what it acts on. */
export type CommandTarget =
  /** An order by its external id, optionally with the channel (`taobao:TB2026…`). */
  | { kind: 'order'; externalId: string; channel: string | null }
  /** An alert by id, or by its short id: the first 8 hex characters of the uuid, shown on cards. */
  | { kind: 'alert'; id: string; short: boolean };

export interface ArgSpec {
  name: 'target' | 'duration' | 'reason';
  type: 'target' | 'duration' | 'text';
  required: boolean;
}

/** One command, as data (hubot's CommandBus): the parser, `help` and authorisation all read these. */
export interface CommandSpec {
  id: ActionId;
  aliases: { zh: string[]; en: string[] };
  args: ArgSpec[];
  /** Roles allowed to run it; `anyone` includes people the config does not know (show, help). */
  roles: readonly Role[] | 'anyone';
  /** A typed command asks "确认？" first and runs on the person's "确认" (buttons run at once). */
  confirm: boolean;
}

export interface ParsedCommand {
  command: ActionId;
  target: CommandTarget | null;
  /** snooze: milliseconds. */
  durationMs: number | null;
  /** reject: the reason; other commands: null. */
  reason: string | null;
}

export type ParseFailure =
  | { ok: false; error: 'empty' }
  | { ok: false; error: 'unknown_command'; input: string; suggestion: ActionId | null }
  | { ok: false; error: 'missing_arg'; command: ActionId; arg: ArgSpec['name'] }
  | { ok: false; error: 'bad_arg'; command: ActionId; arg: ArgSpec['name']; value: string };

export type ParseResult = { ok: true; command: ParsedCommand } | ParseFailure;

export interface CommandParser {
  readonly specs: readonly CommandSpec[];
  /** A typed command (any @-mention already stripped by the adapter). */
  parse(text: string): ParseResult;
  /** A card button key `ow1.<action>.<alertId>`; `ow1.noop.*` keys parse as `show`. */
  decodeButton(key: string): ParseResult;
  /** Confirmation words: 确认 / 是 / yes / y / confirm. */
  isConfirmation(text: string): boolean;
  /** The help text for someone with these roles (null: unknown person), from templates/replies. */
  help(roles: readonly Role[] | null): string;
  /** A parse failure explained to the person, with a suggestion when there is one, from templates/replies. */
  explain(failure: ParseFailure): string;
}
