import { describe, expect, it } from 'vitest';
import { REMARK_DATASET, REMARK_LABELS } from '../../../../src/rules/urgency/dataset.js';
import { normaliseRemark } from '../../../../src/rules/urgency/features.js';

describe('REMARK_DATASET', () => {
  it('holds at least 300 labelled remarks', () => {
    expect(REMARK_DATASET.length).toBeGreaterThanOrEqual(300);
  });

  it.each(REMARK_LABELS)('holds at least 100 remarks labelled %s', (label) => {
    expect(REMARK_DATASET.filter((e) => e.label === label).length).toBeGreaterThanOrEqual(100);
  });

  it('holds no remark twice, even after normalisation', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { text } of REMARK_DATASET) {
      const key = normaliseRemark(text);
      if (seen.has(key)) duplicates.push(`${seen.get(key)} = ${text}`);
      seen.set(key, text);
    }
    expect(duplicates).toEqual([]);
  });

  it.each(['negation', 'mixed'] as const)('holds at least 30 hard examples of kind %s', (hard) => {
    expect(REMARK_DATASET.filter((e) => e.hard === hard).length).toBeGreaterThanOrEqual(30);
  });

  it('labels every example with one of the three labels', () => {
    expect(REMARK_DATASET.filter((e) => !REMARK_LABELS.includes(e.label))).toEqual([]);
  });
});
