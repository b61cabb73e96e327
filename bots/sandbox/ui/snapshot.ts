// What the sandbox page shows, read from the emulators' views (the exact JSON the app sent them), never
// from the app's own state. Robot webhook keys are secrets of the config and are left out.
import { createHash } from 'node:crypto';
import type { Person, Team } from '../../../src/config/index.js';
import type { Sandbox } from '../start-sandbox.js';

export type Json = Record<string, unknown>;

export interface SandboxScope {
  sandbox: Pick<Sandbox, 'wecom' | 'dingtalk' | 'sms'>;
  people: Person[];
  teams: Team[];
  /** What people typed from the page: platforms do not echo a person's own message back to a bot. */
  said?: SaidMessage[];
}

/** A message typed from the page, shown in its chat as the person's own line. */
export interface SaidMessage {
  at: number;
  platform: 'wecom' | 'dingtalk';
  /** The team whose group it went to, or `app` for a person's 1:1 chat with the WeCom app. */
  chat: string;
  personId: string;
  text: string;
}

const saidIn = (scope: SandboxScope, platform: SaidMessage['platform'], chat: string, personId?: string) =>
  (scope.said ?? [])
    .filter((m) => m.platform === platform && m.chat === chat && (!personId || m.personId === personId))
    .map((m): ChatItem => ({
      at: m.at,
      via: 'person',
      sender: scope.people.find((p) => p.id === m.personId)?.name ?? m.personId,
      msgtype: 'text',
      body: { text: { content: m.text } },
      mentions: [],
    }));

/** The AI bot's chatid for a team's WeCom group (the group the robot webhook posts into). */
export function teamChatId(team: Team): string {
  return `wrSandbox${team.id.replace(/[^0-9A-Za-z]/g, '') || 'team'}`;
}

export interface ChatItem {
  at: number;
  /** robot: group robot webhook; bot: the AI bot's answers; app: app message; passive: a callback reply. */
  via: string;
  msgtype: string;
  body: Json;
  /** DingTalk: ids shown highlighted; WeCom: mentioned_list. */
  mentions: string[];
  /** via `person`: the name of who typed it. */
  sender?: string;
}

export interface DingtalkCard {
  at: number;
  outTrackId: string;
  /** What the viewing person sees: the shared map plus what a click showed them. */
  params: Record<string, string>;
  clicks: number;
}

export interface AppCardItem extends ChatItem {
  taskId: string | null;
  /** The member's current copy of a template card, and the text its greyed buttons show. */
  card: Json | null;
  replacedButton: string | null;
}

export interface SandboxSnapshot {
  people: { id: string; name: string; roles: string[]; wecom: string | null; dingtalk: string | null }[];
  teams: {
    id: string;
    wecom: { chatid: string; items: ChatItem[] };
    dingtalk: { conversationId: string | null; items: ChatItem[]; cards: DingtalkCard[] };
  }[];
  apps: { personId: string; userid: string; items: AppCardItem[] }[];
  sms: { at: number; phone: string; text: string; templateCode: string; params: Record<string, string> }[];
}

const parse = (text: unknown): Json => {
  try {
    const v: unknown = typeof text === 'string' ? JSON.parse(text) : text;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : { value: v };
  } catch {
    return { text: String(text) };
  }
};
const byTime = <T extends { at: number }>(list: T[]) => list.sort((a, b) => a.at - b.at);

function wecomGroup(scope: SandboxScope, team: Team) {
  const { sandbox } = scope;
  const chatid = teamChatId(team);
  const key = team.wecomWebhookKey;
  const robot = key ? sandbox.wecom.groupMessages(key) : [];
  const items: ChatItem[] = [
    ...robot.map((m) => ({ at: m.at, via: 'robot', msgtype: m.msgtype, body: m.body, mentions: m.mentions })),
    ...sandbox.wecom.botMessages(chatid).map((m) => ({
      at: m.at,
      via: m.via ?? 'bot',
      msgtype: m.msgtype,
      body: m.body,
      mentions: [],
    })),
    ...saidIn(scope, 'wecom', team.id),
  ];
  return { chatid, items: byTime(items) };
}

function dingtalkGroup(scope: SandboxScope, team: Team, viewer: Person | undefined) {
  const { sandbox } = scope;
  const cid = team.dingtalkConversation;
  if (!cid) return { conversationId: null, items: [], cards: [] };
  const dt = sandbox.dingtalk;
  const items: ChatItem[] = [
    ...dt.webhookMessages(cid).map((m) => ({
      at: m.at,
      via: m.via,
      msgtype: m.msgtype,
      body: m.body,
      mentions: m.highlighted,
    })),
    ...dt.groupMessages(cid).map((m) => ({
      at: m.at,
      via: 'robot',
      msgtype: m.msgKey,
      body: parse(m.msgParam),
      mentions: [],
    })),
    ...saidIn(scope, 'dingtalk', team.id),
  ];
  const cards = dt.cards(cid).map((c) => ({
    at: c.history[0]?.at ?? 0,
    outTrackId: c.outTrackId,
    params: (viewer?.dingtalk && dt.cardViewFor(c.outTrackId, viewer.dingtalk)) || c.cardParamMap,
    clicks: c.clicks.length,
  }));
  return { conversationId: cid, items: byTime(items), cards: byTime(cards) };
}

function appChat(scope: SandboxScope, person: Person & { wecom: string }) {
  const { sandbox } = scope;
  const typed = (i: ChatItem): AppCardItem => ({ ...i, taskId: null, card: null, replacedButton: null });
  const sent = sandbox.wecom.appMessages(person.wecom).map((m): AppCardItem => {
    const mine = m.taskId ? sandbox.wecom.card(m.taskId)?.recipients[person.wecom] : undefined;
    return {
      at: m.at,
      via: m.via ?? 'app',
      msgtype: m.msgtype,
      body: m.body,
      mentions: [],
      taskId: m.taskId,
      card: mine?.card ?? null,
      replacedButton: mine?.replacedButton ?? null,
    };
  });
  const items = byTime([...sent, ...saidIn(scope, 'wecom', 'app', person.id).map(typed)]);
  return { personId: person.id, userid: person.wecom, items };
}

export function takeSnapshot(scope: SandboxScope, viewerId?: string): SandboxSnapshot {
  const viewer = scope.people.find((p) => p.id === viewerId) ?? scope.people[0];
  return {
    people: scope.people.map((p) => ({
      id: p.id,
      name: p.name,
      roles: [...p.roles],
      wecom: p.wecom,
      dingtalk: p.dingtalk,
    })),
    teams: scope.teams.map((t) => ({
      id: t.id,
      wecom: wecomGroup(scope, t),
      dingtalk: dingtalkGroup(scope, t, viewer),
    })),
    apps: scope.people.flatMap((p) => (p.wecom ? [appChat(scope, { ...p, wecom: p.wecom })] : [])),
    sms: scope.sandbox.sms.messages().map((m) => ({
      at: m.at,
      phone: m.phone,
      text: m.text,
      templateCode: m.templateCode,
      params: m.params,
    })),
  };
}

/** Changes whenever any emulator records something a chat would show (cards updated in place included). */
export function fingerprint({ sandbox, said }: SandboxScope): string {
  const all = [
    said?.length ?? 0,
    sandbox.wecom.groupMessages(),
    sandbox.wecom.botMessages(),
    sandbox.wecom.appMessages(),
    sandbox.wecom.cards(),
    sandbox.dingtalk.cards(),
    sandbox.dingtalk.webhookMessages(),
    sandbox.dingtalk.groupMessages(),
    sandbox.sms.messages(),
  ];
  return createHash('sha256').update(JSON.stringify(all)).digest('hex');
}
