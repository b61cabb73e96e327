// Small text helpers shared by the payload builders: clip by characters (WeCom's suggested lengths count
// characters) and truncate by UTF-8 bytes (its hard limits count bytes).

/** At most `max` characters (code points); a clipped text ends with "…". */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** At most `maxBytes` bytes of UTF-8, cut between code points (never inside a character). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let used = 0;
  let out = '';
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (used + size > maxBytes) break;
    used += size;
    out += ch;
  }
  return out;
}
