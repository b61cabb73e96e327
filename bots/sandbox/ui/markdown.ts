// Chat markdown (WeCom robot / DingTalk robot dialects) → safe HTML for the sandbox page. Everything is
// escaped first; only a few known shapes are turned back into tags afterwards, so user data never becomes
// markup: headings, bold, inline code, quotes, list bullets, WeCom <font color>, http(s) or same-site
// links, and mentions (WeCom `<@userid>`, DingTalk `@id` for the ids the message really @-ed).

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface MentionNames {
  /** A platform user id → the person's display name, when the config knows them. */
  nameOf(id: string): string | undefined;
  /** DingTalk: ids written as "@id" that the message's `at` lists (shown highlighted). */
  highlighted?: readonly string[];
}

const Q = '(?:&quot;|&#39;)?';
const FONT = new RegExp(`&lt;font color=${Q}(info|comment|warning)${Q}&gt;(.*?)&lt;/font&gt;`, 'g');
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|\/(?!\/))[^\s()<>"]*)\)/g;
const WECOM_AT = /&lt;@([\w.@-]+)&gt;/g;

function mention(id: string, names: MentionNames): string {
  return `<span class="at">@${escapeHtml(names.nameOf(id) ?? id)}</span>`;
}

function inline(escaped: string, names: MentionNames): string {
  // Mentions first: the tags they add hold a space and quotes, so a link's URL can never swallow one.
  let out = escaped.replace(WECOM_AT, (_m, id: string) => mention(id, names));
  for (const id of names.highlighted ?? []) out = out.split(`@${escapeHtml(id)}`).join(mention(id, names));
  return out
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(FONT, '<span class="c-$1">$2</span>')
    .replace(LINK, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>');
}

/** One line at a time: block markers at the start of a line, inline shapes inside it. */
export function markdownToHtml(source: string, names: MentionNames): string {
  return source
    .split(/\r?\n/)
    .map((raw) => {
      const line = escapeHtml(raw);
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) return `<b class="h">${inline(heading[1] ?? '', names)}</b>`;
      const quote = /^&gt;\s?(.*)$/.exec(line);
      if (quote) return `<span class="quote">${inline(quote[1] ?? '', names)}</span>`;
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      if (bullet) return `• ${inline(bullet[1] ?? '', names)}`;
      return inline(line, names);
    })
    .join('<br>');
}
