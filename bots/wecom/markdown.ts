// CardModel → group robot markdown (wecom.md §1: ≤4096 bytes, <font color>, <@userid> mentions). Text from
// orders and people is neutralised first, so a buyer's note can neither @everyone nor break the layout.
import type { CardColour, CardModel } from '../../src/notify/card-model.js';
import { clip, truncateUtf8, utf8Bytes } from './text.js';

export const WEBHOOK_MARKDOWN_MAX_BYTES = 4096;

/** WeCom markdown has three font colours: info (green), comment (grey), warning (orange-red). */
const FONT: Record<CardColour, 'info' | 'comment' | 'warning'> = {
  red: 'warning',
  orange: 'warning',
  green: 'info',
  blue: 'comment',
  grey: 'comment',
};

/** The same marks the DingTalk cards carry: WeCom's three font colours cannot tell critical from warning. */
const MARK: Record<CardColour, string> = { red: '🔴', orange: '🟠', blue: '🔵', green: '🟢', grey: '⚪' };

/** Markup characters become their full-width look-alikes: readable, but inert. */
const INERT: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  '[': '［',
  ']': '］',
  '*': '＊',
  '`': '｀',
  '\\': '＼',
};

/** WeCom userids: 1–64 of letters, digits and _-@. (anything else is not a mention we will emit). */
const USERID = /^[A-Za-z0-9_.@-]{1,64}$/;

export function escapeMarkdown(text: string): string {
  return text.replace(/[<>[\]*`\\]/g, (c) => INERT[c] ?? c).replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Only http(s) links, with the characters that would end a markdown link percent-encoded. */
function safeUrl(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  return url.replace(/[()<>\s"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function mentionLine(card: CardModel): string | null {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of card.mentions) {
    const id = m.wecom !== null && USERID.test(m.wecom) ? m.wecom : null;
    const token = id ? `<@${id}>` : `@${escapeMarkdown(clip(m.name, 20))}`;
    if (seen.has(token)) continue;
    seen.add(token);
    parts.push(token);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

function headLines(card: CardModel): string[] {
  const lines = [
    `${MARK[card.colour]} <font color="${FONT[card.colour]}">**${escapeMarkdown(clip(card.title, 60))}**</font>`,
  ];
  if (card.summary) lines.push(`> ${escapeMarkdown(clip(card.summary, 400))}`);
  lines.push(`> 状态：<font color="comment">${escapeMarkdown(clip(card.status, 60))}</font>`);
  return lines;
}

function bodyLines(card: CardModel): string[] {
  const lines = card.facts.map(
    (f) => `· ${escapeMarkdown(clip(f.label, 20))}：${escapeMarkdown(clip(f.value, 200))}`,
  );
  if (!card.digest) return lines;
  lines.push(`共 **${card.digest.total}** 条告警`);
  for (const l of card.digest.lines) {
    lines.push(`· ${escapeMarkdown(clip(l.label, 60))}：**${l.count}** 条`);
    for (const ex of l.examples) lines.push(`  └ ${escapeMarkdown(clip(ex, 100))}`);
  }
  return lines;
}

function tailLines(card: CardModel): string[] {
  const lines: string[] = [];
  const url = card.link && safeUrl(card.link.url);
  if (card.link && url) lines.push(`[${escapeMarkdown(clip(card.link.label || '查看详情', 30))}](${url})`);
  const mentions = mentionLine(card);
  if (mentions) lines.push(mentions);
  lines.push(`<font color="comment">${escapeMarkdown(card.renderedAt)}</font>`);
  return lines;
}

/** Whole lines while they fit, then "…", then the link, mentions and time (kept whenever possible). */
function fit(head: string[], body: string[], tail: string[], maxBytes: number): string {
  const tailText = tail.join('\n');
  const budget = maxBytes - utf8Bytes(tailText) - utf8Bytes('\n…\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of [...head, ...body]) {
    const size = utf8Bytes(line) + 1;
    if (used + size > budget) {
      kept.push('…');
      break;
    }
    kept.push(line);
    used += size;
  }
  return truncateUtf8(`${kept.join('\n')}\n${tailText}`, maxBytes);
}

export function buildWebhookMarkdown(card: CardModel): {
  msgtype: 'markdown';
  markdown: { content: string };
} {
  const content = fit(headLines(card), bodyLines(card), tailLines(card), WEBHOOK_MARKDOWN_MAX_BYTES);
  return { msgtype: 'markdown', markdown: { content } };
}
