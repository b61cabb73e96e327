// A Reply as DingTalk shows it: robot markdown (neutralised, bold and line breaks kept, the sender @-ed
// both in `at.atUserIds` and as "@id" in the text, or it does not highlight) and the one-line status a
// card callback answer puts on the clicker's card.
import type { Reply } from '../../../src/actions/types.js';
import { buildMarkdown, neutralise, truncateBytes } from '../markdown.js';

const MAX_TEXT_BYTES = 4_000;
const MAX_STATUS_CHARS = 60;
const SAFE_ID = /^[\w.-]+$/;

const BOLD = '\uE000'; // a private-use stand-in for "**" while the line is neutralised

/** One line of reply text: neutralised except for `**bold**`, which the reply templates use. */
function line(text: string): string {
  const marked = text.replaceAll(BOLD, '').replaceAll('**', BOLD);
  return neutralise(marked).replaceAll(BOLD, '**');
}

const plain = (text: string) => neutralise(text.replace(/\*\*/g, ''));

export function replyMarkdown(reply: Reply, mention: string | null): { title: string; text: string } {
  const lines = reply.text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const title = truncateBytes(plain(lines[0] ?? '订单守望'), 60) || '订单守望';
  const parts = lines.map(line);
  if (reply.card) parts.push(buildMarkdown(reply.card).text);
  const at = mention && SAFE_ID.test(mention) ? `@${mention}` : '';
  const body = truncateBytes(parts.join('\n\n'), MAX_TEXT_BYTES - at.length - 4);
  return { title, text: at ? `${body}\n\n${at}` : body };
}

/** The sessionWebhook / HTTP-answer body: markdown at the sender. */
export function replyMessage(reply: Reply, staffId: string | null) {
  return {
    msgtype: 'markdown',
    markdown: replyMarkdown(reply, staffId),
    at: { atUserIds: staffId ? [staffId] : [], isAtAll: false },
  };
}

/** A short plain line for the clicker's card `status`. */
export function shortStatus(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const p = first.replace(/\*\*/g, '').trim();
  return p.length > MAX_STATUS_CHARS ? `${[...p].slice(0, MAX_STATUS_CHARS - 1).join('')}…` : p;
}

export const INTERIM_STATUS = '处理中…';

/** The card callback response (§3.4): cardData by key, which DingTalk shows to the clicker only. */
export function cardAnswer(status: string) {
  return {
    cardUpdateOptions: { updateCardDataByKey: true },
    cardData: { cardParamMap: { status } },
  };
}
