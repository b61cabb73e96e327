// Buyer remark → the tokens the urgency classifier sees.
//
// 1. Normalise: NFKC (full-width ！？，ＡＳＡＰ become !?,asap), lower-case, whitespace collapsed to one space,
//    and spaces between two Han characters dropped ("不 急" reads as "不急").
// 2. Character uni-, bi- and tri-grams inside each run of Han characters (Chinese has no word boundaries, and
//    n-grams carry 加急 / 不急 / 投诉 / 差评 whatever the surrounding phrasing).
// 3. Latin and digit runs as whole words (asap, urgent, 12315, 48).
// 4. Pictographic emoji as single tokens (🙏, 😭, 😊).
// 5. A few structural tokens the n-grams cannot express:
//      `!`       the remark has an exclamation mark
//      `!x3`     three or more exclamation marks in all (速发!!!)
//      `?x2`     two or more question marks (怎么还不发货??)
//      `neg+急`  a negator right before 急 / 赶 / 加急 (不急, 不着急, 别急, 没那么急, 不用赶, 无需加急, no rush)
//      `neg+诉`  a negator right before 差评 / 投诉 (不会差评, 不会给你们差评, 没有要投诉的意思, 不是投诉)
//    and, for the n-grams, a negated alarm word is rewritten as `¬` (不急 → 不¬, 无需加急 → 无需¬, 不会差评 →
//    不会¬), so 不急 adds no 急 evidence while its surroundings (不¬, 都不¬, ¬的) still teach the model how a
//    calm remark reads.
// Tokens are returned in first-seen order without repeats, so the same text always yields the same list.

/** Stands in for a negated 急 / 赶 / 加急 / 差评 / 投诉 inside a run of Han characters. */
export const NEGATED_MARK = '¬';
const HAN_RUN = /[\p{Script=Han}¬]+/gu;
const WORD_RUN = /[a-z0-9]+/g;
const EMOJI = /\p{Extended_Pictographic}/gu;
const SPACE_BETWEEN_HAN = /(?<=\p{Script=Han}) (?=\p{Script=Han})/gu;

/**
 * A negator, at most one softening word, then 急 / 赶 / 加急. 等不急 (a common typo for 等不及, "can't wait") is
 * not a negation, and 赶紧 / 赶快 ("hurry up": 再不赶紧发…) are not 赶 as in 赶时间.
 */
const NEGATED_URGENCY =
  /(?<!等)((?:不用|不必|不需要|无需|无须|不|别|没|勿)(?:是很|是太|是|太|很|那么|怎么|用|需|着)?)(?:加急|急|赶(?![紧快]))/gu;
const NEGATED_URGENCY_EN = /\b(?:no|not)\s+(?:rush|hurry|urgent|asap)\b/;
/** Will not / does not mean to complain: 不会差评, 不会给你们差评, 没有要投诉的意思, 不是投诉. 再不发就投诉 is no match. */
const NEGATED_COMPLAINT =
  /((?:不会|不想|不打算|不至于|没有要|没有|不是要|不是|无意)(?:给你们|给你|给)?)(?:差评|投诉)/gu;

export const MAX_NGRAM = 3;

/** NFKC, lower-case, whitespace collapsed and trimmed, no spaces between Han characters. */
export function normaliseRemark(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim().replace(SPACE_BETWEEN_HAN, '');
}

/** Character n-grams of length 1..MAX_NGRAM of one run, by code point. */
function charNgrams(run: string): string[] {
  const chars = Array.from(run);
  const grams: string[] = [];
  for (let n = 1; n <= MAX_NGRAM; n++) {
    for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(''));
  }
  return grams;
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/** The structural tokens (see the header) of normalised text. */
export function structuralTokens(normalised: string): string[] {
  const tokens: string[] = [];
  const bangs = count(normalised, '!');
  if (bangs >= 1) tokens.push('!');
  if (bangs >= 3) tokens.push('!x3');
  if (count(normalised, '?') >= 2) tokens.push('?x2');
  if (normalised.search(NEGATED_URGENCY) >= 0 || NEGATED_URGENCY_EN.test(normalised)) tokens.push('neg+急');
  if (normalised.search(NEGATED_COMPLAINT) >= 0) tokens.push('neg+诉');
  return tokens;
}

/** The classifier's tokens for a remark: n-grams, words, emoji, structural tokens; no repeats. */
export function remarkFeatures(text: string): string[] {
  const normalised = normaliseRemark(text);
  const marked = normalised
    .replace(NEGATED_URGENCY, `$1${NEGATED_MARK}`)
    .replace(NEGATED_COMPLAINT, `$1${NEGATED_MARK}`);
  const tokens = [
    ...Array.from(marked.matchAll(HAN_RUN), (m) => charNgrams(m[0])).flat(),
    ...Array.from(normalised.matchAll(WORD_RUN), (m) => m[0]),
    ...Array.from(normalised.matchAll(EMOJI), (m) => m[0]),
    ...structuralTokens(normalised),
  ];
  return [...new Set(tokens)];
}
