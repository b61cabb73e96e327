// Everything the DingTalk emulator remembers, in one plain object so reset() is one assignment and views
// are simple reads. Shapes follow /work/shared/protocols/dingtalk.md (§3 cards, §4 robots, §1 Stream).
import { randomUUID } from 'node:crypto';
import type { FaultPlan, RecordedRequest } from '../emulator.js';

export interface DingtalkEmulatorOptions {
  clientId: string;
  clientSecret: string;
  /** An internal app's robot code is its AppKey (clientId) unless given. */
  robotCode?: string;
  templates: Record<string, { paramKeys: string[] }>;
  conversations: Record<string, { title: string; members: string[] }>;
  webhooks?: Record<string, { secret: string; conversationId: string }>;
  now?: () => number;
  port?: number;
  /** Unacked Stream frames are pushed again after this long (observed ~60 s, §1.6). */
  redeliverAfterMs?: number;
  /** How many times an unacked frame is redelivered (UNCONFIRMED on the real gateway). */
  maxRedeliveries?: number;
  /** SYSTEM ping frames; off when absent (the real interval is UNCONFIRMED). */
  pingIntervalMs?: number;
  /** Card callbacks must be answered within 2 s (§3.4). */
  cardCallbackDeadlineMs?: number;
  /** How long a click waits for any ack before reporting none (default: twice the deadline). A late ack
   *  within this wait is reported `late`, so a test can tell late from never. */
  cardAckWaitMs?: number;
  /** The gateway closes TCP ~10 s after a SYSTEM disconnect (§1.4). */
  disconnectCloseDelayMs?: number;
}

export type ParamMap = Record<string, string>;

export interface CardSpace {
  spaceType: string;
  spaceId: string;
  carrierId: string;
}

export interface CardRecord {
  outTrackId: string;
  cardTemplateId: string;
  callbackType: 'STREAM' | 'HTTP';
  spaces: CardSpace[];
  cardParamMap: ParamMap;
  history: { at: number; via: 'create' | 'update'; cardParamMap: ParamMap }[];
  atUserIds: Record<string, string>;
  /** Per user: what only that user sees (update privateData, or a click's callback userPrivateData). */
  privateData: Record<string, ParamMap>;
  /**
   * Per clicker: the cardData a callback answer showed that user only (§3.4). A later public update of
   * the same keys shows to everyone, the clicker included (modelled; the exact client rule is UNCONFIRMED).
   */
  clickerView: Record<string, ParamMap>;
  /** Keys not declared by the template: accepted (the platform ignores them) but noted here. */
  unknownKeys: string[];
  clicks: {
    at: number;
    userId: string;
    actionIds: string[];
    params: unknown;
    acked: boolean;
    late: boolean;
  }[];
}

export interface GroupMessage {
  at: number;
  conversationId: string;
  msgKey: string;
  msgParam: unknown;
  processQueryKey: string;
}

export interface WebhookMessage {
  at: number;
  /** `reply`: the answer in the HTTP response of an HTTP-mode robot callback (§6). */
  via: 'webhook' | 'session' | 'reply';
  conversationId: string;
  msgtype: string;
  body: Record<string, unknown>;
  atUserIds: string[];
  atMobiles: string[];
  isAtAll: boolean;
  /** Ids that are both in `at` and written as "@id" in a text/markdown body: shown highlighted. */
  highlighted: string[];
  msgUuid: string | null;
}

/** A robot 1:1 message (oToMessages/batchSend, §4.2): one record per call. */
export interface DirectMessage {
  at: number;
  userIds: string[];
  msgKey: string;
  msgParam: unknown;
  processQueryKey: string;
}

export interface DingRecord {
  at: number;
  openDingId: string;
  remindType: number;
  receiverUserIdList: string[];
  content: string;
}

/**
 * Answer the next `count` requests whose path contains `path` (every API path but the token and
 * connections/open endpoints when absent) `delayMs` late: the request IS processed (the card exists) and
 * only the answer is held back, as when the platform is slow and the client gives up first.
 */
export interface SlowPlan {
  count: number;
  delayMs: number;
  path?: string;
}

export interface EmulatorState {
  requests: RecordedRequest[];
  faults: FaultPlan[];
  slow: SlowPlan[];
  /** token → expiry (ms); expireTokens() sets every expiry to 0. */
  tokens: Map<string, number>;
  /** "<api path>@<second>" → calls, for the 20 QPS per app per API limit. */
  qps: Map<string, number>;
  cards: Map<string, CardRecord>;
  groupMessages: GroupMessage[];
  directMessages: DirectMessage[];
  webhookMessages: WebhookMessage[];
  dings: DingRecord[];
  /** robot token → send times within the last minute, block end, msgUuids seen. */
  robots: Map<string, { sends: number[]; blockedUntil: number; uuids: Set<string> }>;
  sessions: Map<string, { conversationId: string; expiresAt: number }>;
  validationErrors: { at: number; path: string; code: string; message: string }[];
}

export function emptyState(): EmulatorState {
  return {
    requests: [],
    faults: [],
    slow: [],
    tokens: new Map(),
    qps: new Map(),
    cards: new Map(),
    groupMessages: [],
    directMessages: [],
    webhookMessages: [],
    dings: [],
    robots: new Map(),
    sessions: new Map(),
    validationErrors: [],
  };
}

/** Looks like DingTalk's request ids: upper-case UUIDs. */
export function requestId(): string {
  return randomUUID().toUpperCase();
}

export function newId(prefix: string): string {
  return `${prefix}${randomUUID().replace(/-/g, '')}`;
}
