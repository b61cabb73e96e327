// startWecomEmulator: the WeCom platform on 127.0.0.1 for tests and the sandbox (see README.md).
import type { Socket } from 'node:net';
import type { EmulatorControl, FaultPlan } from '../emulator.js';
import { clickBotCard, mentionBot, type BotCallbackResult } from './bot-drivers.js';
import {
  clickCard,
  sendText,
  verifyUrl,
  type CallbackResult,
  type ClickOptions,
  type VerifyResult,
} from './callback-drivers.js';
import {
  seal,
  sendTo,
  type RawAnswer,
  type SealedRequest,
  type SealOptions,
  type Which,
} from './callback-transport.js';
import { copyCard, issueResponseCode } from './cards.js';
import { customerWrites, mintResponseUrl } from './kf-bot.js';
import { buildServer } from './server.js';
import {
  clearState,
  createState,
  type AppMessage,
  type BotMessage,
  type BotTarget,
  type CallbackRecord,
  type CallbackTarget,
  type CardView,
  type DroppedMessage,
  type EmulatorState,
  type GroupMessage,
  type SlowPlan,
  type KfMessage,
  type WecomEmulatorOptions,
} from './state.js';
import { expireAll } from './tokens.js';

export type * from './state.js';
export { ERR } from './errors.js';
export type { BotCallbackResult } from './bot-drivers.js';
export type { CallbackResult, ClickOptions, VerifyResult } from './callback-drivers.js';
export type { RawAnswer, SealedRequest, SealOptions } from './callback-transport.js';

export interface RawCallbackOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  /** Whose host the path is on; default the app callback's. */
  target?: Which;
}

/** WeCom calling the app (the platform → app direction); the app's answers are decrypted and applied. */
export interface CallbackDrivers {
  /** Point the drivers at the app once it listens (or change them). */
  configureCallbacks(targets: { callback?: CallbackTarget; bot?: BotTarget }): void;
  /** GET <callback url> with an encrypted echostr; `body` is what the app answered, `echo` what it should. */
  verifyCallbackUrl(): Promise<VerifyResult>;
  verifyBotUrl(): Promise<VerifyResult>;
  /** A member taps a button on a card the app sent them (wecom.md §4.1 XML, fresh ResponseCode). */
  clickCard(o: ClickOptions): Promise<CallbackResult & { responseCode: string }>;
  /** A member types to the app in their 1:1 chat. */
  sendText(o: { userid: string; content: string }): Promise<CallbackResult & { msgId: string }>;
  /** A member writes "@<bot name> <text>" in a group. */
  mentionBot(o: { chatid: string; userid: string; text: string }): Promise<BotCallbackResult>;
  clickBotCard(o: {
    chatid: string;
    userid: string;
    taskId: string;
    eventKey: string;
  }): Promise<BotCallbackResult>;
  /** Any request to the app's host (forged signatures, stale timestamps, malformed or oversized bodies). */
  postCallback(path: string, o?: RawCallbackOptions): Promise<RawAnswer>;
  /** A correctly signed and encrypted request for `plaintext`, with the timestamp or receiveid overridden. */
  sealCallback(target: Which, plaintext: string, o?: SealOptions): SealedRequest;
  /** The callbacks sent so far, oldest first. */
  callbacks(): CallbackRecord[];
}

/** Fault injection beyond EmulatorControl.fail. */
export interface SlowAnswers {
  /** Process the next matching requests as usual but answer them `delayMs` late (see SlowPlan). */
  answerSlowly(plan: SlowPlan): void;
}

export interface WecomEmulator extends EmulatorControl, CallbackDrivers, SlowAnswers {
  /** Robot messages per group, oldest first; `key` narrows to one robot. */
  groupMessages(key?: string): GroupMessage[];
  /** Each member's 1:1 timeline with the app (delivered messages only). */
  appMessages(userid?: string): AppMessage[];
  cards(): CardView[];
  card(taskId: string): CardView | undefined;
  /** Messages accepted but never shown to a member (over 30/min or 1000/h); should stay empty. */
  dropped(): DroppedMessage[];
  kfMessages(): KfMessage[];
  botMessages(chatid?: string): BotMessage[];
  /** A customer messages the KF account: opens (or renews) the 48 h / 5-message reply window. */
  customerWrites(openKfid: string, externalUserId: string): void;
  /** The response_url an AI-bot callback for this chat would carry. */
  mintResponseUrl(chatid: string): string;
  /** The fresh response_code a click callback on this card would carry. */
  issueResponseCode(taskId: string): string;
}

type Views = Omit<WecomEmulator, keyof EmulatorControl | keyof CallbackDrivers | keyof SlowAnswers>;

/** What tests and the sandbox UI read, always as copies. */
function views(s: EmulatorState): Views {
  const by = <T>(list: T[], keep: (item: T) => boolean) => structuredClone(list.filter(keep));
  return {
    groupMessages: (key) => by(s.groupMessages, (m) => key === undefined || m.key === key),
    appMessages: (userid) => by(s.appMessages, (m) => userid === undefined || m.userid === userid),
    cards: () => [...s.cards.values()].map(copyCard),
    card: (taskId) => {
      const view = s.cards.get(taskId);
      return view && copyCard(view);
    },
    dropped: () => structuredClone(s.dropped),
    kfMessages: () => structuredClone(s.kfMessages),
    botMessages: (chatid) => by(s.botMessages, (m) => chatid === undefined || m.chatid === chatid),
    customerWrites: (openKfid, externalUserId) => customerWrites(s, openKfid, externalUserId),
    mintResponseUrl: (chatid) => mintResponseUrl(s, chatid),
    issueResponseCode: (taskId) => issueResponseCode(s, taskId),
  };
}

function drivers(s: EmulatorState): CallbackDrivers {
  return {
    configureCallbacks: (targets) => {
      if (targets.callback) s.opts.callback = { ...targets.callback };
      if (targets.bot) s.opts.bot = { ...targets.bot };
    },
    verifyCallbackUrl: () => verifyUrl(s, 'callback'),
    verifyBotUrl: () => verifyUrl(s, 'bot'),
    clickCard: (o) => clickCard(s, o),
    sendText: (o) => sendText(s, o),
    mentionBot: (o) => mentionBot(s, o),
    clickBotCard: (o) => clickBotCard(s, o),
    postCallback: (path, o = {}) => {
      const which = o.target ?? (s.opts.callback ? 'callback' : 'bot');
      return sendTo(s, which, 'raw', path, o);
    },
    sealCallback: (target, plaintext, o) => seal(s, target, plaintext, o),
    callbacks: () => structuredClone(s.callbacks),
  };
}

export async function startWecomEmulator(opts: WecomEmulatorOptions): Promise<WecomEmulator> {
  const s = createState({ ...opts });
  const hanging = new Set<Socket>();
  const app = buildServer(s, hanging);
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  s.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Sockets held open by a `timeout` fault: closed on reset/close so nothing waits for them.
  const dropHanging = () => {
    for (const socket of hanging) socket.destroy();
    hanging.clear();
  };
  return {
    url: s.url,
    requests: (pathContains) =>
      structuredClone(s.requests.filter((r) => r.path.includes(pathContains ?? ''))),
    fail: (plan: FaultPlan) => void s.faults.push({ ...plan }),
    answerSlowly: (plan: SlowPlan) => void s.slow.push({ ...plan }),
    expireTokens: () => expireAll(s),
    reset: () => {
      clearState(s);
      dropHanging();
    },
    close: async () => {
      dropHanging();
      await app.close();
    },
    ...views(s),
    ...drivers(s),
  };
}
