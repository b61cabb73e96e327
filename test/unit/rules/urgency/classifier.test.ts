import { describe, expect, it } from 'vitest';
import { classifyRemark, trainClassifier } from '../../../../src/rules/urgency/classifier.js';
import {
  REMARK_DATASET,
  REMARK_LABELS,
  type RemarkExample,
  type RemarkLabel,
} from '../../../../src/rules/urgency/dataset.js';
import { normaliseRemark } from '../../../../src/rules/urgency/features.js';

const TRAINING_TEXTS = new Set(REMARK_DATASET.map((e) => normaliseRemark(e.text)));

/** Every 5th example (index 4, 9, 14 …) is held out; the rest trains. */
function split(fold: number): { train: RemarkExample[]; test: RemarkExample[] } {
  return {
    train: REMARK_DATASET.filter((_, i) => i % 5 !== fold),
    test: REMARK_DATASET.filter((_, i) => i % 5 === fold),
  };
}

/** What a keyword rule would say: 投诉 / 差评 anywhere is a complaint, else 急 anywhere is urgent. */
function keywordBaseline(text: string): RemarkLabel {
  if (text.includes('投诉') || text.includes('差评')) return 'complaint';
  if (text.includes('急')) return 'urgent';
  return 'normal';
}

function accuracy(examples: readonly RemarkExample[], predict: (text: string) => RemarkLabel): number {
  return examples.filter((e) => predict(e.text) === e.label).length / examples.length;
}

describe('classifyRemark on clear remarks', () => {
  it.each([
    ['加急，周五前一定要到', 'urgent'],
    ['明天就要用了，麻烦今天发', 'urgent'],
    ['急急急！！！', 'urgent'],
    ['赶时间，求速发', 'urgent'],
    ['urgent please 急用', 'urgent'],
    ['很急！拜托尽快发出', 'urgent'],
    ['再不发货就投诉', 'complaint'],
    ['质量太差了，差评', 'complaint'],
    ['骗子，我要退款', 'complaint'],
    ['客服一直不理人，投诉你们', 'complaint'],
    ['已经打了12315', 'complaint'],
    ['怎么还不发货？？', 'complaint'],
    ['请包装好，送人的', 'normal'],
    ['颜色要白色', 'normal'],
    ['放门口就行，谢谢', 'normal'],
    ['请发顺丰', 'normal'],
    ['需要开发票', 'normal'],
    ['周末送货', 'normal'],
  ] as const)('classifies %s as %s', (text, label) => {
    expect(classifyRemark(text).label).toBe(label);
  });
});

// None of these phrasings is in the dataset (checked below), so they test what the model learnt.
const HARD_CASES: readonly (readonly [string, RemarkLabel, string])[] = [
  ['不急，慢慢发就好', 'normal', 'a negated 急'],
  ['一点儿都不急', 'normal', 'a negated 急 after 一点儿都'],
  ['我真的不着急', 'normal', 'a negated 着急'],
  ['完全不赶时间', 'normal', 'a negated 赶时间'],
  ['不用加急哈', 'normal', 'a negated 加急'],
  ['别着急，慢慢来就好', 'normal', 'a negated 着急 with 别'],
  ['no rush at all', 'normal', 'a negation in English'],
  ['不会给你们差评的', 'normal', 'a negated 差评'],
  ['不急，但是麻烦包装好一点', 'normal', 'not urgent with a packing wish'],
  ['虽然不急，但是上次已经投诉过你们一次了', 'complaint', 'not urgent but a past complaint'],
  ['不着急，但再发错我就给差评', 'complaint', 'not urgent but a 差评 threat'],
  ['再不发我就差评了', 'complaint', 'a 差评 threat after 再不'],
  ['都一周了还没发货，退款', 'complaint', 'a late order and a refund demand'],
  ['麻烦加急一下', 'urgent', 'a polite 加急'],
  ['不要放快递柜，今天一定要发', 'urgent', 'a negated wish then a deadline'],
  ['加急！！！', 'urgent', '加急 with three exclamation marks'],
  ['ASAP!!!', 'urgent', 'ASAP with three exclamation marks'],
];

describe('classifyRemark on hard remarks it was not trained on', () => {
  it('is given hard cases none of which appears in the training set', () => {
    expect(HARD_CASES.filter(([text]) => TRAINING_TEXTS.has(normaliseRemark(text)))).toEqual([]);
  });

  it.each(HARD_CASES)('classifies %s as %s when the remark has %s', (text, label) => {
    expect(classifyRemark(text).label).toBe(label);
  });
});

describe('classifyRemark output', () => {
  it.each(['', '   ', '\n\t', '\u3000'])(
    'classifies the empty or whitespace remark %j as normal with confidence 1',
    (text) => {
      expect(classifyRemark(text)).toEqual({
        label: 'normal',
        confidence: 1,
        scores: { urgent: 0, complaint: 0, normal: 1 },
      });
    },
  );

  it('classifies a punctuation-only remark as normal with confidence 1', () => {
    expect(classifyRemark('。。。')).toMatchObject({ label: 'normal', confidence: 1 });
  });

  it('gives scores per label that sum to 1, with confidence the winning score', () => {
    const result = classifyRemark('明天要用，麻烦尽快发');
    expect(Object.keys(result.scores).sort()).toEqual([...REMARK_LABELS].sort());
    expect(Object.values(result.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(result.confidence).toBe(result.scores[result.label]);
    expect(result.confidence).toBe(Math.max(...Object.values(result.scores)));
  });

  it('gives the same answer for the same remark every time and for a freshly trained model', () => {
    const text = '不急，但是上次发错了一次';
    const first = classifyRemark(text);
    expect(classifyRemark(text)).toEqual(first);
    expect(trainClassifier(REMARK_DATASET).classify(text)).toEqual(first);
  });

  it('keeps finite scores for a 1000-character remark where plain probabilities underflow', () => {
    const long = '急用，明天一定要到，麻烦尽快发货，谢谢老板。'.repeat(46).slice(0, 1000);
    const result = classifyRemark(long);
    expect(result.label).toBe('urgent');
    expect(Object.values(result.scores).every(Number.isFinite)).toBe(true);
  });

  it('classifies full-width and half-width spellings of a remark alike', () => {
    expect(classifyRemark('速发！！！ＡＳＡＰ')).toEqual(classifyRemark('速发!!!asap'));
  });
});

describe('held-out evaluation', () => {
  const { train, test } = split(4);
  const model = trainClassifier(train);
  const predict = (text: string): RemarkLabel => model.classify(text).label;

  it('holds out every 5th example, disjoint from the training part', () => {
    expect(test.length).toBe(Math.floor(REMARK_DATASET.length / 5));
    expect(train.length + test.length).toBe(REMARK_DATASET.length);
  });

  it('classifies at least 85 % of the held-out remarks correctly when trained on the rest', () => {
    expect(accuracy(test, predict)).toBeGreaterThanOrEqual(0.85);
  });

  it('beats the keyword baseline (急 / 投诉 / 差评) on the held-out negation and mixed remarks', () => {
    const hard = test.filter((e) => e.hard !== undefined);
    expect(hard.length).toBeGreaterThanOrEqual(15);
    const model_ = accuracy(hard, predict);
    const baseline = accuracy(hard, keywordBaseline);
    expect(model_).toBeGreaterThanOrEqual(0.75);
    expect(model_).toBeGreaterThan(baseline + 0.25);
  });

  it('averages at least 85 % accuracy over the five deterministic folds', () => {
    const scores = [0, 1, 2, 3, 4].map((fold) => {
      const { train: t, test: h } = split(fold);
      const m = trainClassifier(t);
      return accuracy(h, (text) => m.classify(text).label);
    });
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeGreaterThanOrEqual(0.85);
  });
});
