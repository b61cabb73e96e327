// POST /cgi-bin/webhook/send?key=KEY (wecom.md §1): the group robot. 20 messages a minute per robot, failed
// ones included; over that, 45009. Mentions are parsed the way the client renders them.
import { checkContent } from './app-send.js';
import { validateTemplateCard } from './card-validate.js';
import { ERR, OK, wxError, type WxError } from './errors.js';
import { isRecord, recent, windowOf, type EmulatorState } from './state.js';

const MSGTYPES = ['text', 'markdown', 'markdown_v2', 'image', 'news', 'file', 'voice', 'template_card'];
const PER_MINUTE = 20;
const MENTION = /<@([^>\s]+)>/g;

function part(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const v = body[field];
  return isRecord(v) ? v : {};
}

function checkNews(body: Record<string, unknown>): WxError | null {
  const articles = part(body, 'news').articles;
  if (!Array.isArray(articles) || articles.length === 0)
    return wxError(ERR.badParam, 'news.articles required');
  if (articles.length > 8) return wxError(ERR.newsCount);
  const untitled = articles.some((a) => !isRecord(a) || typeof a.title !== 'string' || a.title === '');
  return untitled ? wxError(ERR.badParam, 'news.articles[].title required') : null;
}

function checkMessage(body: Record<string, unknown>, msgtype: string): WxError | null {
  switch (msgtype) {
    case 'text':
      return checkContent(body, 'text', 2048);
    case 'markdown':
    case 'markdown_v2':
      return checkContent(body, msgtype, 4096);
    case 'image': {
      const img = part(body, 'image');
      return typeof img.base64 === 'string' && typeof img.md5 === 'string'
        ? null
        : wxError(ERR.badParam, 'image.base64 and image.md5 required');
    }
    case 'news':
      return checkNews(body);
    case 'template_card':
      return validateTemplateCard(body.template_card, 'webhook');
    default: {
      const media = part(body, msgtype).media_id;
      return typeof media === 'string' && media !== '' ? null : wxError(ERR.badMedia);
    }
  }
}

function mentionsOf(body: Record<string, unknown>, msgtype: string): string[] {
  if (msgtype === 'markdown') {
    const content = String(part(body, 'markdown').content);
    return [...content.matchAll(MENTION)].map((m) => m[1] ?? '');
  }
  if (msgtype !== 'text') return [];
  const list = part(body, 'text').mentioned_list;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

function shownText(body: Record<string, unknown>, msgtype: string): string {
  const p = part(body, msgtype);
  if (typeof p.content === 'string') return p.content;
  if (msgtype === 'template_card') {
    const card = part(body, 'template_card');
    return String(part(card, 'main_title').title ?? card.sub_title_text ?? '');
  }
  const first: unknown = Array.isArray(p.articles) ? p.articles[0] : undefined;
  if (isRecord(first)) return String(first.title ?? '');
  return `[${msgtype}]`;
}

export function webhookSend(s: EmulatorState, query: Record<string, string>, body: unknown): object {
  const key = query.key ?? '';
  if (!Object.hasOwn(s.opts.webhookKeys, key)) return wxError(ERR.badWebhook);
  const at = s.now();
  const times = windowOf(s.webhookWindows, key);
  const sent = recent(times, at, 60_000);
  times.push(at); // counted before validation: failed and refused sends use up the budget too
  if (sent >= PER_MINUTE) return wxError(ERR.freq);
  if (!isRecord(body)) return wxError(ERR.badParam, 'body must be a JSON object');
  const msgtype = typeof body.msgtype === 'string' ? body.msgtype : '';
  if (!MSGTYPES.includes(msgtype)) return wxError(ERR.badMsgtype);
  const invalid = checkMessage(body, msgtype);
  if (invalid) return invalid;
  const group = s.opts.webhookKeys[key] ?? '';
  const text = shownText(body, msgtype);
  s.groupMessages.push({
    at,
    key,
    group,
    msgtype,
    text,
    mentions: mentionsOf(body, msgtype),
    body: structuredClone(body),
  });
  return OK;
}
