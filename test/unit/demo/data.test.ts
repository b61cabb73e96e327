// The word lists behind the demo feed read the way the rules expect.
import { describe, expect, it } from 'vitest';
import { NORMAL_REMARKS, TEST_REMARKS, URGENT_REMARKS } from '../../../src/demo/goods.js';
import { VAGUE_DETAILS, addressDetail, mobile } from '../../../src/demo/places.js';
import { Dice, seededRandom } from '../../../src/demo/random.js';
import { classifyRemark } from '../../../src/rules/urgency/classifier.js';
import { suspectVagueAddress } from '../../../src/rules/catalogue/index.js';

const VAGUE_WORDS = suspectVagueAddress.defaults.words;

describe('demo data', () => {
  it('classifies every urgent remark as urgent or a complaint with confidence', () => {
    for (const r of URGENT_REMARKS) {
      const c = classifyRemark(r);
      expect(c.label, r).not.toBe('normal');
      expect(c.confidence, r).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('classifies ordinary and test remarks as normal', () => {
    for (const r of [...NORMAL_REMARKS, ...TEST_REMARKS]) {
      const c = classifyRemark(r);
      expect(c.label === 'normal' || c.confidence < 0.6, r).toBe(true);
    }
  });

  it('writes precise address details without vague words and vague ones with them', () => {
    const d = new Dice(seededRandom(1));
    for (let i = 0; i < 500; i++) {
      const detail = addressDetail(d);
      expect(
        VAGUE_WORDS.some((w) => detail.includes(w)),
        detail,
      ).toBe(false);
      expect(detail).not.toMatch(/测试|test|勿发/i);
    }
    for (const v of VAGUE_DETAILS)
      expect(
        VAGUE_WORDS.some((w) => v.includes(w)),
        v,
      ).toBe(true);
  });

  it('makes eleven-digit mainland mobiles', () => {
    const d = new Dice(seededRandom(2));
    for (let i = 0; i < 200; i++) expect(mobile(d)).toMatch(/^1[3-9]\d{9}$/);
  });

  it('repeats the same numbers from the same seed', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const xs = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
