// Everything the emulator remembers, in one plain object the route modules share. Views hand out copies.
import type { FaultPlan, RecordedRequest } from '../emulator.js';
import type { BotTarget, CallbackRecord, CallbackTarget } from './callback-types.js';

export type { BotTarget, CallbackRecord, CallbackTarget } from './callback-types.js';

export interface WecomEmulatorOptions {
  corpId: string;
  corpSecret: string;
  agentId: number;
  /** Member userids the directory knows; anyone else is an `invaliduser`. */
  users: string[];
  /** Group robot key → group name. */
  webhookKeys: Record<string, string>;
  kf?: { openKfid: string[] };
  /** Milliseconds since the epoch; drives token expiry, response_code age and rate windows. */
  now?: () => number;
  port?: number;
  /** The app's callback (GET|POST /wecom/callback) that the drivers post to, as WeCom would. */
  callback?: CallbackTarget;
  /** The AI bot's callback (GET|POST /wecom/bot). */
  bot?: BotTarget;
}

/** A message posted into a group by a robot, as the group sees it. */
export interface GroupMessage {
  at: number;
  key: string;
  group: string;
  msgtype: string;
  /** The text shown (text/markdown content, card title, …). */
  text: string;
  /** Userids @-mentioned: `<@id>` in markdown, `mentioned_list` in text (`@all` kept as is). */
  mentions: string[];
  body: Record<string, unknown>;
}

/** One message in a member's 1:1 chat with the app. */
export interface AppMessage {
  at: number;
  userid: string;
  msgid: string;
  msgtype: string;
  body: Record<string, unknown>;
  taskId: string | null;
  /** `passive`: the app's encrypted answer to a callback; absent: message/send. */
  via?: 'passive';
}

/** A message the platform accepted but never showed to this member (30/min or 1000/h per member exceeded). */
export interface DroppedMessage {
  at: number;
  userid: string;
  msgid: string;
  reason: 'member 30/min' | 'member 1000/h';
}

export interface CardRecipientState {
  card: Record<string, unknown>;
  /** Set by an update with `button.replace_name`: the buttons are greyed out with this text. */
  replacedButton: string | null;
  updatedAt: number;
}

export interface CardHistoryEntry {
  at: number;
  /** `passive`: an update_button / update_template_card passive reply to a click (for the clicker only). */
  kind: 'send' | 'update' | 'passive';
  users: string[];
  responseCode: string | null;
  card: Record<string, unknown> | null;
  replaceName: string | null;
}

export interface CardView {
  taskId: string;
  cardType: string;
  sentAt: number;
  recipients: Record<string, CardRecipientState>;
  history: CardHistoryEntry[];
}

export interface KfMessage {
  at: number;
  openKfid: string;
  externalUserId: string;
  msgtype: string;
  body: Record<string, unknown>;
}

export interface BotMessage {
  at: number;
  chatid: string;
  msgtype: string;
  body: Record<string, unknown>;
  /** `passive`: the answer in the callback's response; absent: a response_url post. */
  via?: 'passive';
}

export interface IssuedCode {
  owner: string;
  issuedAt: number;
  used: boolean;
}

/**
 * Answer the next `count` requests whose path contains `path` (every API path but gettoken when absent)
 * `delayMs` late: the request IS processed (a card is shown) and only the answer is held back, as when
 * the platform is slow and the client gives up before it answers.
 */
export interface SlowPlan {
  count: number;
  delayMs: number;
  path?: string;
}

export interface EmulatorState {
  opts: WecomEmulatorOptions;
  now: () => number;
  url: string;
  tokens: Map<string, { issuedAt: number; revoked: boolean }>;
  requests: RecordedRequest[];
  faults: FaultPlan[];
  slow: SlowPlan[];
  groupMessages: GroupMessage[];
  appMessages: AppMessage[];
  dropped: DroppedMessage[];
  cards: Map<string, CardView>;
  /** response_code → task_id. */
  responseCodes: Map<string, IssuedCode>;
  /** Send times per webhook key (failed sends included) and per member (delivered messages). */
  webhookWindows: Map<string, number[]>;
  memberWindows: Map<string, number[]>;
  /** `${openKfid}/${externalUserId}` → the customer's last message and how many we sent since. */
  kfSessions: Map<string, { lastCustomerAt: number; sent: number }>;
  kfMessages: KfMessage[];
  /** AI bot response_url codes → chatid. */
  botCodes: Map<string, IssuedCode>;
  botMessages: BotMessage[];
  callbacks: CallbackRecord[];
}

export function createState(opts: WecomEmulatorOptions): EmulatorState {
  return {
    opts,
    now: opts.now ?? Date.now,
    url: '',
    tokens: new Map(),
    requests: [],
    faults: [],
    slow: [],
    groupMessages: [],
    appMessages: [],
    dropped: [],
    cards: new Map(),
    responseCodes: new Map(),
    webhookWindows: new Map(),
    memberWindows: new Map(),
    kfSessions: new Map(),
    kfMessages: [],
    botCodes: new Map(),
    botMessages: [],
    callbacks: [],
  };
}

/** `reset()`: forget traffic, cards, faults and windows; issued tokens stay valid. */
export function clearState(s: EmulatorState): void {
  s.requests.length = 0;
  s.faults.length = 0;
  s.slow.length = 0;
  s.groupMessages.length = 0;
  s.appMessages.length = 0;
  s.dropped.length = 0;
  s.kfMessages.length = 0;
  s.botMessages.length = 0;
  s.callbacks.length = 0;
  for (const m of [s.cards, s.responseCodes, s.webhookWindows, s.memberWindows, s.kfSessions, s.botCodes]) {
    m.clear();
  }
}

/** Counts the times within `windowMs` before `now`, dropping older ones from the list. */
export function recent(times: number[], now: number, windowMs: number): number {
  while (times.length > 0 && (times[0] ?? 0) <= now - windowMs) times.shift();
  return times.length;
}

export function windowOf(map: Map<string, number[]>, key: string): number[] {
  let times = map.get(key);
  if (!times) {
    times = [];
    map.set(key, times);
  }
  return times;
}

let idSeq = 0;

/** Opaque ids (msgid, response_code, token); unique per process, not guessable from each other. */
export function newId(prefix: string, bytes = 16): string {
  idSeq += 1;
  const rand = Array.from({ length: bytes }, () => Math.floor(Math.random() * 36).toString(36)).join('');
  return `${prefix}${idSeq.toString(36)}${rand}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
