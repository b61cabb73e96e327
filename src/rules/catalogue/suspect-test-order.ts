// Someone placed a test order (测试 / test / 勿发): it must not be shipped.
import type { Rule, RuleSettings } from '../types.js';
import { finding, isFinished, isOpen, markedLegit } from './util.js';

export type SuspectTestOrderSettings = RuleSettings & {
  /** Latin words match as whole words, case-insensitively (test, not testing); others as substrings. */
  words: string[];
};

const LATIN_WORD = /^[A-Za-z0-9 _'-]+$/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function contains(text: string, word: string): boolean {
  if (LATIN_WORD.test(word)) return new RegExp(`\\b${escapeRegExp(word)}\\b`, 'i').test(text);
  return text.toLowerCase().includes(word.toLowerCase());
}

export const suspectTestOrder: Rule<SuspectTestOrderSettings> = {
  id: 'suspect_test_order',
  kind: 'suspect',
  defaults: { enabled: true, words: ['测试', 'test', '勿发', '不要发货', '测试单'] },
  timeBased: false,
  evaluate(order, _now, s) {
    if (
      !s.enabled ||
      markedLegit(order, suspectTestOrder.id) ||
      isFinished(order.status) ||
      !isOpen(order.status)
    )
      return null;
    const fields = { address: order.addressDetail ?? '', remark: order.remark };
    const words = s.words.map((w) => w.trim()).filter((w) => w !== '');
    const matchedWords = words.filter((w) => contains(fields.address, w) || contains(fields.remark, w));
    if (matchedWords.length === 0) return null;
    const matchedIn = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) =>
      words.some((w) => contains(fields[k], w)),
    );
    return finding(
      suspectTestOrder,
      'warning',
      `looks like a test order: ${matchedIn.join(' and ')} says ${matchedWords.join(', ')}`,
      { matchedWords, matchedIn },
    );
  },
};
