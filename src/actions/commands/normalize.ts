// What people type, made comparable: IME full-width letters folded to ASCII, invisible characters dropped,
// a leftover "@机器人" mention removed. Folding keeps the length, so an index into the folded text is an
// index into the typed text too: the command and ids are read from the folded text, a reject reason is
// cut from the typed one (its Chinese punctuation kept). Only ASCII is lower-cased, for the same reason.

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;
// Zero-width spaces and joiners, the byte-order mark: pasted from other apps, invisible in a chat.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const SPACES = /[\u3000\u00A0]/g;
const SPACE = /\s/;

/** The typed text and its folded twin, of equal length. */
export interface CommandText {
  typed: string;
  folded: string;
}

/** Full-width ASCII (ＴＢ１２３, ？) to half-width, the ideographic space to a space; length unchanged. */
export function foldWidth(text: string): string {
  return text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(SPACES, ' ');
}

/** A-Z to a-z only; length unchanged. */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** Width-folded, lower-cased, trimmed, invisible characters dropped: how words are compared. */
export function foldText(text: string): string {
  return lowerAscii(foldWidth(text.replace(INVISIBLE, ''))).trim();
}

/**
 * Where the text starts once leading spaces and "@某某" mentions are skipped (WeCom ends a mention with
 * U+2005, which `\s` covers). A character loop, not a regex with nested quantifiers: linear in the length.
 */
function mentionEnd(text: string): number {
  let at = 0;
  for (;;) {
    while (at < text.length && SPACE.test(text.charAt(at))) at++;
    if (text.charAt(at) !== '@') return at;
    while (at < text.length && !SPACE.test(text.charAt(at))) at++;
  }
}

/** The text a command is read from: mention-free and trimmed, typed and folded. */
export function normalizeCommandText(text: unknown): CommandText {
  if (typeof text !== 'string') return { typed: '', folded: '' };
  const typed = text.replace(INVISIBLE, '');
  const folded = foldWidth(typed);
  const start = mentionEnd(folded);
  const end = Math.max(start, folded.trimEnd().length);
  return { typed: typed.slice(start, end), folded: folded.slice(start, end) };
}
