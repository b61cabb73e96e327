// DingTalk markdown for robot messages (groupMessages sampleMarkdown, webhook markdown). Customer and
// operator text is neutralised so it cannot inject @-mentions, links or headings, and the whole text is
// kept under a byte budget by dropping the least important lines first.
import type { CardColour, CardModel } from '../../src/notify/card-model.js';

/** Conservative: sampleMarkdown's msgParam allows 15000 bytes (§4.1); webhook limit UNCONFIRMED. */
export const MARKDOWN_MAX_BYTES = 4000;

const COLOUR_MARK: Record<CardColour, string> = {
  red: '🔴',
  orange: '🟠',
  blue: '🔵',
  green: '🟢',
  grey: '⚪',
};

// Full-width look-alikes: render as the same glyph to people but are not markdown/mention syntax.
const NEUTRAL: Record<string, string> = {
  '@': '＠',
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '*': '＊',
  '#': '＃',
  '`': '｀',
  '|': '｜',
  '!': '！',
};

/** One line of user text: no control characters or newlines, no markdown/mention syntax. */
export function neutralise(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/[@[\]<>*#`|!]/g, (ch) => NEUTRAL[ch] ?? ch)
      .trim()
  );
}

/** Only http(s) URLs, with the characters that would end a markdown link escaped. */
export function safeUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return u.toString().replace(/[()\s<>]/g, (ch) => encodeURIComponent(ch));
  } catch {
    return null;
  }
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts at a character boundary so the result (with an ellipsis) fits `max` bytes. */
export function truncateBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (bytes(out + ch) > max - 3) break;
    out += ch;
  }
  return `${out}…`;
}

function bodyLines(card: CardModel): string[] {
  const lines = card.facts.map((f) => `- **${neutralise(f.label)}**：${neutralise(f.value)}`);
  for (const d of card.digest?.lines ?? []) {
    lines.push(`- **${neutralise(d.label)}** × ${d.count}`);
    for (const ex of d.examples) lines.push(`  - ${neutralise(ex)}`);
  }
  return lines;
}

/**
 * {title, text}: title line, summary, status, facts/digest lines, link, then `tail` (the webhook's
 * "@id" mentions). Body lines are dropped from the end, with a marker, until it fits.
 */
export function buildMarkdown(card: CardModel, tail = '', maxBytes = MARKDOWN_MAX_BYTES) {
  const title = truncateBytes(neutralise(card.title), 100);
  const head = [`#### ${COLOUR_MARK[card.colour]} ${title}`, truncateBytes(neutralise(card.summary), 600)];
  head.push(`**状态**：${neutralise(card.status)}`);
  const url = card.link ? safeUrl(card.link.url) : null;
  const foot = url && card.link ? [`[${neutralise(card.link.label).replace(/[［］]/g, '')}](${url})`] : [];
  foot.push(`###### ${neutralise(card.renderedAt)}`);
  if (tail) foot.push(tail);
  let body = bodyLines(card);
  const join = (b: string[]) => [...head, ...b, ...foot].join('\n\n');
  let dropped = 0;
  while (body.length > 0 && bytes(join(body)) > maxBytes) {
    body = body.slice(0, -1);
    dropped += 1;
  }
  if (dropped > 0) body.push(`- …另有 ${dropped} 行未显示`);
  return { title, text: truncateBytes(join(body), maxBytes) };
}
