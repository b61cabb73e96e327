import { describe, expect, it } from 'vitest';
import {
  formatDurationZh,
  formatMoney,
  formatShanghai,
  truncate,
  truncateBytes,
} from '../../../../src/notify/render/format.js';
import { loadLabels } from '../../../../src/notify/render/labels.js';
import { resolveReasonZh } from '../../../../src/notify/render/resolve-reason.js';
import { TEMPLATES_DIR } from './fixtures.js';

const labels = loadLabels(`${TEMPLATES_DIR}/labels.yaml`);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('formatDurationZh', () => {
  it.each([
    [45_000, '45秒'],
    [0, '0秒'],
    [5 * MIN, '5分钟'],
    [125 * MIN, '2小时5分'],
    [2 * HOUR, '2小时'],
    [26 * HOUR + 25 * MIN, '1天2小时'],
    [48 * HOUR, '2天'],
    [-30 * MIN, '30分钟'],
  ])('writes %d ms as %j', (ms, text) => {
    expect(formatDurationZh(ms, labels.units)).toBe(text);
  });
});

describe('formatShanghai', () => {
  it.each([
    ['2026-11-22T10:05:00Z', '11-22 18:05'],
    ['2026-11-22T16:30:00Z', '11-23 00:30'],
    ['2026-12-31T23:59:59Z', '01-01 07:59'],
  ])('shows %s as %j in Beijing time', (iso, text) => {
    expect(formatShanghai(new Date(iso))).toBe(text);
  });
});

describe('formatMoney', () => {
  it.each([
    [39_900, '¥399.00'],
    [1, '¥0.01'],
    [268_000, '¥2680.00'],
  ])('shows %d fen as %j', (fen, text) => {
    expect(formatMoney(fen, labels)).toBe(text);
  });
});

describe('truncate', () => {
  it('keeps text that fits when it is at the limit', () => {
    expect(truncate('一二三', 3)).toBe('一二三');
  });

  it('counts code points, not UTF-16 units, when cutting', () => {
    expect(truncate('𠀋𠀋𠀋𠀋', 3)).toBe('𠀋𠀋…');
  });

  it('cuts on a character boundary when a byte budget ends inside one', () => {
    const cut = truncateBytes('订单'.repeat(1000), 2048);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(2048);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
  });
});

describe('resolveReasonZh', () => {
  it.each([
    ['order delivered', '订单已签收'],
    ['order cancelled', '订单已取消'],
    ['order closed', '订单已关闭'],
    ['refund cancelled', '买家已撤销退款'],
    ['order on hold (held)', '订单已拦截'],
    ['carrier scan: collected', '物流已更新：已揽收'],
    ['carrier scan: delivered', '物流已更新：已签收'],
    ['condition cleared; order is picking', '条件已解除，订单拣货中'],
    ['condition cleared; order is shipped', '条件已解除，订单已发货'],
    ['已电话联系买家，改为明天发', '已电话联系买家，改为明天发'],
    ['', null],
    [null, null],
  ])('says %j in Chinese as %j', (reason, text) => {
    expect(resolveReasonZh(reason, labels)).toBe(text);
  });
});
