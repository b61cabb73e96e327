// Cards as the chat apps draw them, from the JSON the app sent: a WeCom template_card (button_interaction)
// or a DingTalk card's cardParamMap (title, summary, facts, buttons…, bots/dingtalk/payloads.ts). Plain
// strings only: the template escapes them.

type Json = Record<string, unknown>;

export interface ButtonView {
  label: string;
  style: 'primary' | 'danger' | 'default';
  disabled: boolean;
  /** A jump button opens this instead of calling back. */
  url: string | null;
  platform: 'wecom' | 'dingtalk';
  /** WeCom task_id or DingTalk outTrackId. */
  ref: string;
  key: string;
  /** Set for cards the WeCom AI bot posted in a group (their clicks go to the bot callback). */
  chatid: string | null;
  /** The person who must click (an app card is in one member's own chat); null: whoever is chosen. */
  as: string | null;
}

export interface CardView {
  colour: string;
  title: string;
  desc: string;
  subtitle: string;
  facts: { label: string; value: string }[];
  rows: { title: string; desc: string }[];
  buttons: ButtonView[];
  link: { url: string; label: string } | null;
  /** The greyed-out buttons' text, or the card's status line. */
  note: string | null;
}

const rec = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(rec) : []);

/** Only web links and same-site paths become hrefs (never javascript:, data:, or protocol-relative). */
export function safeHref(url: string): string | null {
  return /^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url) ? url : null;
}

const WECOM_STYLE: Record<string, ButtonView['style']> = { '1': 'primary', '2': 'danger' };

export function wecomCardView(
  card: Json,
  o: {
    taskId: string;
    replacedButton: string | null;
    chatid: string | null;
    clickable: boolean;
    as?: string;
  },
): CardView {
  const main = rec(card.main_title);
  const jump = list(card.jump_list)[0];
  const jumpUrl = safeHref(str(jump?.url) || str(rec(card.card_action).url));
  const greyed = o.replacedButton !== null || !o.clickable;
  return {
    colour: ['grey', 'blue', 'red', 'green'][Number(rec(card.source).desc_color)] ?? 'blue',
    title: str(main.title),
    desc: str(main.desc),
    subtitle: str(card.sub_title_text),
    facts: list(card.horizontal_content_list).map((f) => ({ label: str(f.keyname), value: str(f.value) })),
    rows: list(card.vertical_content_list).map((r) => ({ title: str(r.title), desc: str(r.desc) })),
    buttons: list(card.button_list).map((b) => ({
      label: str(b.text),
      style: WECOM_STYLE[str(b.style)] ?? 'default',
      disabled: greyed,
      url: str(b.type) === '1' ? safeHref(str(b.url)) : null,
      platform: 'wecom',
      ref: o.taskId,
      key: str(b.key),
      chatid: o.chatid,
      as: o.as ?? null,
    })),
    link: jumpUrl ? { url: jumpUrl, label: str(jump?.title) || '查看详情' } : null,
    note: o.replacedButton,
  };
}

function jsonList(text: string | undefined): Json[] {
  try {
    return list(JSON.parse(text ?? '[]'));
  } catch {
    return [];
  }
}

const DINGTALK_STYLE: Record<string, ButtonView['style']> = { primary: 'primary', danger: 'danger' };

export function dingtalkCardView(outTrackId: string, p: Record<string, string>): CardView {
  const link = safeHref(p.linkUrl ?? '');
  const mentions = p.mentions ? `提醒：${p.mentions}` : '';
  return {
    colour: p.colour === 'gray' ? 'grey' : (p.colour ?? 'blue'),
    title: p.title ?? '',
    desc: p.renderedAt ?? '',
    subtitle: [p.summary, mentions].filter(Boolean).join('\n'),
    facts: jsonList(p.facts).map((f) => ({ label: str(f.label), value: str(f.value) })),
    rows: (p.digest ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ title: line, desc: '' })),
    buttons: jsonList(p.buttons).map((b) => ({
      label: str(b.label),
      style: DINGTALK_STYLE[str(b.style)] ?? 'default',
      disabled: false,
      url: null,
      platform: 'dingtalk',
      ref: outTrackId,
      key: str(b.key) || `ow1.${str(b.action)}.${str(b.alertId)}`,
      chatid: null,
      as: null,
    })),
    link: link ? { url: link, label: p.linkLabel || '查看详情' } : null,
    note: p.status ? `状态：${p.status}` : null,
  };
}
