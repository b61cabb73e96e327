// "你是不是想说「放行」？": the alias closest to an unknown command word by Jaro-Winkler similarity.
//
// One threshold does not fit both scripts. A Chinese word is two or four characters, and the usual typo is a
// whole character from the IME (放型 for 放行, 认取 for 认领): on two characters Jaro-Winkler gives that exactly
// 0.70 when the first character is right, and 0.67 when it is not (差单), which is also what unrelated pairs
// such as 不行/放行 score. English typos (relase, aprove, hepl, holf) score 0.88+ while unrelated short
// words come close to 0.7 (ship/show 0.73, stop/show 0.70). So: 0.80 for a Latin word, 0.70 for a word
// with Chinese in it (the first character must be right). A wrong guess costs little: it is only offered.
import jaroWinkler from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import type { ActionId } from '../types.js';
import type { AliasEntry } from './match.js';
import { lowerAscii } from './normalize.js';

export const SUGGEST_THRESHOLD = { latin: 0.8, cjk: 0.7 } as const;
const CJK = /[\u3400-\u9FFF]/;

/** The best alias and its score, ties going to the longer alias (index order). */
export function closestAlias(index: readonly AliasEntry[], word: string): AliasEntry & { score: number } {
  let best = { alias: '', command: 'help' as ActionId, score: 0 };
  for (const entry of index) {
    const score = jaroWinkler(word, entry.alias);
    if (score > best.score) best = { ...entry, score };
  }
  return best;
}

/** The command an unknown word most likely meant, or null when nothing is close enough. */
export function suggestCommand(index: readonly AliasEntry[], typedWord: string): ActionId | null {
  const word = lowerAscii(typedWord);
  if (word === '') return null;
  const best = closestAlias(index, word);
  const threshold = CJK.test(word) ? SUGGEST_THRESHOLD.cjk : SUGGEST_THRESHOLD.latin;
  return best.score >= threshold ? best.command : null;
}
