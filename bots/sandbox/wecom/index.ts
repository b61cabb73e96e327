// startWecomEmulator: the WeCom platform on 127.0.0.1 for tests and the sandbox (see README.md).
import type { Socket } from 'node:net';
import type { EmulatorControl, FaultPlan } from '../emulator.js';
import { copyCard, issueResponseCode } from './cards.js';
import { customerWrites, mintResponseUrl } from './kf-bot.js';
import { buildServer } from './server.js';
import {
  clearState,
  createState,
  type AppMessage,
  type BotMessage,
  type CardView,
  type DroppedMessage,
  type EmulatorState,
  type GroupMessage,
  type KfMessage,
  type WecomEmulatorOptions,
} from './state.js';
import { expireAll } from './tokens.js';

export type * from './state.js';
export { ERR } from './errors.js';

export interface WecomEmulator extends EmulatorControl {
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

type Views = Omit<WecomEmulator, keyof EmulatorControl>;

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

export async function startWecomEmulator(opts: WecomEmulatorOptions): Promise<WecomEmulator> {
  const s = createState(opts);
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
  };
}
