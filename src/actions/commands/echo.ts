// User text quoted back in a reply ("没有「放型」这个指令"): cut short and defanged, so an echo can neither
// @ everyone nor open a link, emphasis or code span on a markdown card. The look-alike full-width
// characters keep it readable. Newlines become spaces: a line start is where markdown syntax lives.

export const MAX_ECHO_CHARS = 30;
const ELLIPSIS = '…';
const LOOK_ALIKE: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  '@': '＠',
  '*': '＊',
  '[': '［',
  ']': '］',
  '`': '｀',
  _: '＿',
  '~': '～',
  '\\': '＼',
};
const MARKUP = /[<>@*[\]`_~\\]/g;
const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;
// Control characters (other than the line breaks handled above) have no business in a chat echo.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]/g;

/** At most MAX_ECHO_CHARS characters (code points, so an emoji is never split), markup neutralised. */
export function echo(text: string): string {
  // Cut first: a 10 kB input is not spread into an array of 10 000 strings to keep 30.
  const chars = [
    ...text
      .slice(0, MAX_ECHO_CHARS * 4)
      .replace(LINE_BREAKS, ' ')
      .replace(CONTROL, '')
      .trim(),
  ];
  const cut = chars.length > MAX_ECHO_CHARS ? [...chars.slice(0, MAX_ECHO_CHARS - 1), ELLIPSIS] : chars;
  return cut.join('').replace(MARKUP, (c) => LOOK_ALIKE[c] ?? c);
}
