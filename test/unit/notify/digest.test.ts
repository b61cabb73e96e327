import { describe, expect, it } from 'vitest';
import { foldDigest, type FoldItem } from '../../../src/notify/digest.js';

const item = (rule: string, warehouse: string | null, n: number, state = 'open'): FoldItem => ({
  alertId: `a${n}`,
  rule,
  warehouse,
  channel: 'taobao',
  externalId: `TB${String(n).padStart(4, '0')}`,
  alertState: state,
});

describe('foldDigest', () => {
  it('groups a storm by rule and warehouse, largest first, naming the first three orders', () => {
    const items = [
      ...Array.from({ length: 37 }, (_, i) => item('stuck_unpicked', 'hz-1', i)),
      ...Array.from({ length: 5 }, (_, i) => item('logistics_no_update', null, 100 + i)),
      item('stuck_unpicked', 'bj-2', 200),
    ];
    const d = foldDigest(items);
    expect(d.total).toBe(43);
    expect(d.groups.map((g) => [g.rule, g.warehouse, g.count])).toEqual([
      ['stuck_unpicked', 'hz-1', 37],
      ['logistics_no_update', null, 5],
      ['stuck_unpicked', 'bj-2', 1],
    ]);
    expect(d.groups[0]!.examples.map((e) => e.externalId)).toEqual(['TB0000', 'TB0001', 'TB0002']);
  });

  it('lists cleared alerts after open ones, in their own groups', () => {
    const d = foldDigest([item('stuck_unpicked', 'hz-1', 1, 'resolved'), item('stuck_unpicked', 'hz-1', 2)]);
    expect(d.groups.map((g) => g.resolved)).toEqual([false, true]);
    expect(d.total).toBe(2);
  });
});
