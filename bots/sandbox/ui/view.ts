// The sandbox snapshot → what sandbox-chats.hbs draws. Message bodies become either escaped text (the
// template escapes it), safe HTML from markdown.ts (the one triple-stash), or a card (card-view.ts).
import type { Person } from '../../../src/config/index.js';
import { dingtalkCardView, wecomCardView, type CardView } from './card-view.js';
import { markdownToHtml, type MentionNames } from './markdown.js';
import type { ChatItem, Json, SandboxSnapshot } from './snapshot.js';

export interface ItemView {
  time: string;
  sender: string;
  html: string | null;
  text: string | null;
  /** A data: URL of an image message (the daily report's chart). */
  image: string | null;
  card: CardView | null;
}

/** WeCom image messages carry base64 PNG/JPEG; anything else is shown as raw JSON instead. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
function imageOf(b: Json): string | null {
  const data = str(rec(b.image).base64);
  if (data === '' || !BASE64.test(data)) return null;
  return data.startsWith('/9j/') ? `data:image/jpeg;base64,${data}` : `data:image/png;base64,${data}`;
}

export const ROLE_LABELS: Record<string, string> = {
  cs: '客服',
  warehouse: '仓库',
  supervisor: '主管',
  finance: '财务',
  admin: '管理员',
};

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const time = (at: number) => (at > 0 ? TIME.format(new Date(at)) : '');
const rec = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function namesFor(
  people: Person[],
  platform: 'wecom' | 'dingtalk',
): (id: string) => string | undefined {
  return (id) => (id === '@all' ? '所有人' : people.find((p) => p[platform] === id)?.name);
}

const SENDER: Record<string, string> = {
  robot: '群机器人',
  bot: '订单守望',
  passive: '订单守望',
  app: '订单守望',
  webhook: '群机器人',
  session: '订单守望',
  reply: '订单守望',
};

/** One message body (WeCom or DingTalk dialect) as html, text or card. */
function bodyView(item: ChatItem, names: MentionNames, card: (c: Json) => CardView) {
  const b = item.body;
  const md =
    str(rec(b.markdown).content) ||
    str(rec(b.markdown_v2).content) ||
    str(rec(b.markdown).text) ||
    str(rec(b.stream).content) ||
    (item.msgtype === 'sampleMarkdown' ? str(b.text) : '');
  const plain = str(rec(b.text).content) || (item.msgtype === 'sampleText' ? str(b.content) : '');
  const tc = rec(b.template_card);
  const at = item.mentions.map((id) => `@${names.nameOf(id) ?? id}`).join(' ');
  return {
    image: item.msgtype === 'image' ? imageOf(b) : null,
    html: md ? markdownToHtml(md, names) : null,
    text: md ? null : plain ? [plain, item.msgtype === 'text' ? at : ''].filter(Boolean).join('\n') : null,
    card: Object.keys(tc).length > 0 ? card(tc) : null,
  };
}

function itemView(item: ChatItem, names: MentionNames, card: (c: Json) => CardView): ItemView {
  const body = bodyView(item, names, card);
  const empty = !body.html && body.text === null && !body.card && !body.image;
  return {
    time: time(item.at),
    sender: item.sender ?? SENDER[item.via] ?? item.via,
    ...body,
    text: empty ? `[${item.msgtype}] ${JSON.stringify(item.body)}` : body.text,
  };
}

export interface SectionView {
  kind: 'wecom' | 'dingtalk' | 'sms';
  title: string;
  items: ItemView[];
}

function teamSections(t: SandboxSnapshot['teams'][number], people: Person[]): SectionView[] {
  const wecomNames = { nameOf: namesFor(people, 'wecom') };
  const card = (chatid: string | null, clickable: boolean) => (c: Json) =>
    wecomCardView(c, { taskId: str(c.task_id), replacedButton: null, chatid, clickable });
  const wecom = t.wecom.items.map((i) =>
    itemView(i, wecomNames, i.via === 'robot' ? card(null, false) : card(t.wecom.chatid, true)),
  );
  const dtNames = (i: ChatItem) => ({ nameOf: namesFor(people, 'dingtalk'), highlighted: i.mentions });
  const dingtalk = [
    ...t.dingtalk.items.map((i) => ({ at: i.at, view: itemView(i, dtNames(i), card(null, false)) })),
    ...t.dingtalk.cards.map((c) => ({
      at: c.at,
      view: {
        ...EMPTY,
        time: time(c.at),
        sender: '订单守望',
        card: dingtalkCardView(c.outTrackId, c.params),
      },
    })),
  ].sort((a, b) => a.at - b.at);
  return [
    { kind: 'wecom', title: `企业微信 · ${t.id} 群`, items: wecom },
    ...(t.dingtalk.conversationId
      ? [{ kind: 'dingtalk' as const, title: `钉钉 · ${t.id} 群`, items: dingtalk.map((x) => x.view) }]
      : []),
  ];
}

const EMPTY: ItemView = { time: '', sender: '', html: null, text: null, image: null, card: null };

/** Every chat on the page, in one shape: teams' groups, each member's 1:1 with the app, the SMS outbox. */
export function chatsView(snap: SandboxSnapshot, people: Person[]): SectionView[] {
  const wecomNames = { nameOf: namesFor(people, 'wecom') };
  const apps = snap.apps.map((a): SectionView => ({
    kind: 'wecom',
    title: `企业微信 · 订单守望 ↔ ${people.find((p) => p.id === a.personId)?.name ?? a.personId}`,
    items: a.items.map((i) =>
      itemView(i, wecomNames, (c) =>
        wecomCardView(i.card ?? c, {
          taskId: i.taskId ?? str(c.task_id),
          replacedButton: i.replacedButton,
          chatid: null,
          clickable: true,
          as: a.personId,
        }),
      ),
    ),
  }));
  const sms: SectionView = {
    kind: 'sms',
    title: '短信 · 发件箱',
    items: snap.sms.map((m) => ({
      ...EMPTY,
      time: time(m.at),
      sender: m.phone,
      text: m.text || `${m.templateCode} ${JSON.stringify(m.params)}`,
    })),
  };
  return [...snap.teams.flatMap((t) => teamSections(t, people)), ...apps, sms];
}

export function peopleView(people: Person[], selected: string | undefined) {
  return people.map((p, i) => ({
    id: p.id,
    label: `${p.name}（${p.roles.map((r) => ROLE_LABELS[r] ?? r).join('、') || '成员'}）`,
    selected: selected ? p.id === selected : i === 0,
  }));
}
