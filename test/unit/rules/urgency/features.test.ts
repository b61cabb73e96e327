import { describe, expect, it } from 'vitest';
import {
  NEGATED_MARK,
  normaliseRemark,
  remarkFeatures,
  structuralTokens,
} from '../../../../src/rules/urgency/features.js';

describe('normaliseRemark', () => {
  it.each([
    ['full-width punctuation and letters', '急！！ＡＳＡＰ？', '急!!asap?'],
    ['runs of whitespace and tabs', '  请发\t\t顺丰   谢谢 ', '请发顺丰谢谢'],
    ['a space between Han characters', '不 急', '不急'],
    ['a space between words', 'no   rush', 'no rush'],
    ['upper-case Latin', 'URGENT 急', 'urgent 急'],
  ])('normalises %s', (_what, input, expected) => {
    expect(normaliseRemark(input)).toBe(expected);
  });
});

describe('remarkFeatures', () => {
  it('produces character uni-, bi- and tri-grams of a Han run', () => {
    expect(remarkFeatures('加急用')).toEqual(['加', '急', '用', '加急', '急用', '加急用']);
  });

  it('keeps n-grams inside one clause when punctuation separates two runs', () => {
    const tokens = remarkFeatures('速发，谢谢');
    expect(tokens).toContain('速发');
    expect(tokens).toContain('谢谢');
    expect(tokens).not.toContain('发谢');
  });

  it('reads Latin and digit runs as whole words', () => {
    expect(remarkFeatures('ASAP 打了12315')).toEqual(expect.arrayContaining(['asap', '12315']));
    expect(remarkFeatures('ASAP')).not.toContain('as');
  });

  it('keeps emoji as single tokens', () => {
    expect(remarkFeatures('请快点🙏😭')).toEqual(expect.arrayContaining(['🙏', '😭']));
  });

  it('returns no tokens for a remark made of punctuation only', () => {
    expect(remarkFeatures('。。。 / -')).toEqual([]);
  });

  it('returns each token once and the same list for the same text', () => {
    const tokens = remarkFeatures('急急急急急');
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(remarkFeatures('急急急急急')).toEqual(tokens);
  });

  it.each([
    ['不急', '不¬'],
    ['一点都不着急', '不着¬'],
    ['无需加急', '无需¬'],
    ['不会差评', '不会¬'],
  ])(
    'rewrites the negated alarm word in %s as the negation mark, leaving no 急 or 差评 n-gram',
    (text, gram) => {
      const tokens = remarkFeatures(text);
      expect(tokens).toContain(gram);
      expect(tokens).toContain(NEGATED_MARK);
      const ngrams = tokens.filter((t) => !t.startsWith('neg+'));
      expect(ngrams.filter((t) => t.includes('急') || t.includes('差评'))).toEqual([]);
    },
  );
});

describe('structuralTokens', () => {
  it.each([
    ['速发!!!', ['!', '!x3']],
    ['急!!', ['!']],
    ['急!急!急!', ['!', '!x3']],
    ['怎么还不发货??', ['?x2']],
    ['能发吗?', []],
    ['不急', ['neg+急']],
    ['不着急', ['neg+急']],
    ['不用着急', ['neg+急']],
    ['别急', ['neg+急']],
    ['没那么急', ['neg+急']],
    ['不是很急', ['neg+急']],
    ['不赶时间', ['neg+急']],
    ['无需加急', ['neg+急']],
    ['no rush', ['neg+急']],
    ['not urgent', ['neg+急']],
    ['不会给你们差评', ['neg+诉']],
    ['没有要投诉的意思', ['neg+诉']],
    ['加急', []],
    ['很急', []],
    ['等不急了', []],
    ['再不赶紧发就投诉', []],
    ['再不发货就投诉', []],
  ])('gives %s the structural tokens %j', (text, expected) => {
    expect(structuralTokens(normaliseRemark(text))).toEqual(expected);
  });
});
