import { describe, expect, it } from 'vitest';
import { suspectVagueAddress as rule } from '../../../../src/rules/catalogue/suspect-vague-address.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { at, facts } from './facts.js';

const NOW = at('2026-11-22T01:00:00Z');

describe('suspect_vague_address', () => {
  it.each<[string, Partial<OrderFacts>, Severity | null, string[]]>([
    ['stays quiet for a precise address', {}, null, []],
    ['fires a warning for 附近', { addressDetail: '万达广场附近的小区' }, 'warning', ['附近']],
    [
      'fires a warning for 旁边 and 对面 together',
      { addressDetail: '学校旁边超市对面三楼' },
      'warning',
      ['旁边', '对面'],
    ],
    ['fires a warning for 某', { addressDetail: '某某小区 3 栋 2 单元' }, 'warning', ['某']],
    ['fires a warning for 不清楚', { addressDetail: '门牌号不清楚到了打电话' }, 'warning', ['不清楚']],
    ['fires a warning when short and vague', { addressDetail: '附近' }, 'warning', ['附近']],
    ['fires info for a 4-character address', { addressDetail: '文一西路' }, 'info', []],
    ['stays quiet at exactly 5 characters', { addressDetail: '文一西路9' }, null, []],
    ['counts characters without whitespace', { addressDetail: ' 文一 西路 ' }, 'info', []],
    ['counts a non-BMP character once', { addressDetail: '𠀀路1号' }, 'info', []],
    ['fires info for a missing address', { addressDetail: null }, 'info', []],
    ['fires info for a blank address', { addressDetail: '   ' }, 'info', []],
    [
      'fires for a created order',
      { status: 'created', paidAt: null, addressDetail: '车站附近' },
      'warning',
      ['附近'],
    ],
    ['stays quiet once shipped', { status: 'shipped', addressDetail: '车站附近' }, null, []],
    ['stays quiet when cancelled', { status: 'cancelled', addressDetail: '车站附近' }, null, []],
    ['stays quiet when closed', { status: 'closed', addressDetail: '车站附近' }, null, []],
  ])('%s', (_name, overrides, expected, words) => {
    const f = rule.evaluate(facts(overrides), NOW, rule.defaults);
    expect(f?.severity ?? null).toBe(expected);
    if (f) expect(f.details['matchedWords']).toEqual(words);
  });

  it.each<[string, string | null, string]>([
    ['says which words made it vague', '万达广场附近', 'address vague (附近)'],
    ['says how short it is', '文一西路', 'address too short (4 characters)'],
    ['says when it is missing', null, 'address missing'],
  ])('%s', (_name, addressDetail, summary) => {
    expect(rule.evaluate(facts({ addressDetail }), NOW, rule.defaults)?.summary).toBe(summary);
  });

  it.each<[string, Partial<typeof rule.defaults>, Severity | null]>([
    ['honours a configured word list', { words: ['西路'] }, 'warning'],
    ['honours a configured minimum length', { min_length: 20 }, 'info'],
    ['ignores empty words instead of matching everything', { words: [''] }, null],
  ])('%s', (_name, overrides, expected) => {
    const f = rule.evaluate(facts(), NOW, { ...rule.defaults, ...overrides });
    expect(f?.severity ?? null).toBe(expected);
  });
});
