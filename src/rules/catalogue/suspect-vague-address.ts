// An address a courier cannot find: vague words (附近, 旁边, 对面 …), too short, or none at all.
import type { Rule, RuleSettings } from '../types.js';
import { finding, isFinished, isOpen, markedLegit } from './util.js';

export type SuspectVagueAddressSettings = RuleSettings & {
  /** Substrings that make an address vague. */
  words: string[];
  /** Details shorter than this many characters (whitespace removed) are too short. */
  min_length: number;
};

export const suspectVagueAddress: Rule<SuspectVagueAddressSettings> = {
  id: 'suspect_vague_address',
  kind: 'suspect',
  defaults: {
    enabled: true,
    words: ['附近', '旁边', '对面', '周边', '不详', '随便', '大概', '左右', '一带', '某', '待定', '不清楚'],
    min_length: 5,
  },
  timeBased: false,
  evaluate(order, _now, s) {
    if (
      !s.enabled ||
      markedLegit(order, suspectVagueAddress.id) ||
      isFinished(order.status) ||
      !isOpen(order.status)
    )
      return null;
    const detail = (order.addressDetail ?? '').replace(/\s+/gu, '');
    // Code points, not UTF-16 units, so a rare CJK character outside the BMP counts once.
    const length = [...detail].length;
    const matchedWords = s.words.filter((w) => w.trim() !== '' && detail.includes(w.replace(/\s+/gu, '')));
    const tooShort = length < s.min_length;
    if (matchedWords.length === 0 && !tooShort) return null;
    const missing = length === 0;
    const problem = missing
      ? 'missing'
      : matchedWords.length > 0
        ? `vague (${matchedWords.join(', ')})`
        : `too short (${length} characters)`;
    return finding(suspectVagueAddress, matchedWords.length > 0 ? 'warning' : 'info', `address ${problem}`, {
      matchedWords,
      length,
      tooShort,
      missing,
    });
  },
};
