import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addressHash, normalizeAddress, normalizeText } from '../../../src/domain/address.js';

const base = { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路 969 号' };

describe('normalizeText', () => {
  it.each([
    ['文一西路９６９号', '文一西路969号'],
    ['  文一西路   969\t号 ', '文一西路 969 号'],
    ['文一西路\u3000969\u3000号', '文一西路 969 号'],
    ['Ｂ座１２０３室（前台）', 'B座1203室(前台)'],
    ['ＡＢＣ－１２３', 'ABC-123'],
    ['浙江省杭州市', '浙江省杭州市'],
    ['', ''],
    ['<b>楼下</b>', '<b>楼下</b>'],
  ])('turns %j into %j', (input, output) => {
    expect(normalizeText(input)).toBe(output);
  });

  it('keeps Chinese characters and CJK punctuation (、。【】) intact when there is nothing to normalise', () => {
    const s = '北京市朝阳区建国路88号、SOHO现代城【东门】。';
    expect(normalizeText(s)).toBe(s);
  });

  it('folds full-width punctuation in U+FF01–FF5E (，！？) to ASCII like any full-width form', () => {
    expect(normalizeText('放门口，谢谢！')).toBe('放门口,谢谢!');
  });
});

describe('normalizeAddress', () => {
  it('normalises every part when parts carry full-width text and stray spaces', () => {
    const a = {
      province: ' 浙江省 ',
      city: '杭州市\u3000',
      district: '余杭区',
      detail: '文一西路　９６９　号',
    };
    expect(normalizeAddress(a)).toEqual(base);
  });
});

describe('addressHash', () => {
  it.each([
    { ...base, detail: '文一西路９６９号' },
    { ...base, detail: '文一西路969号' },
    { ...base, detail: ' 文一西路\u3000969  号 ' },
    { ...base, province: '浙江省 ' },
  ])('hashes %j the same as the canonical address', (variant) => {
    expect(addressHash(variant)).toBe(addressHash(base));
  });

  it('ignores letter case when the detail contains Latin letters', () => {
    const upper = { ...base, detail: '紫金港 A 座' };
    const lower = { ...base, detail: '紫金港ａ座' };
    expect(addressHash(upper)).toBe(addressHash(lower));
  });

  it('is the sha256 hex of province|city|district|detail without whitespace', () => {
    const expected = createHash('sha256').update('浙江省|杭州市|余杭区|文一西路969号').digest('hex');
    expect(addressHash(base)).toBe(expected);
  });

  it('differs when the parts differ, even if their concatenation is the same', () => {
    const a = { province: '浙江', city: '省杭州市', district: '余杭区', detail: 'x' };
    const b = { province: '浙江省', city: '杭州市', district: '余杭区', detail: 'x' };
    expect(addressHash(a)).not.toBe(addressHash(b));
    expect(addressHash({ ...base, detail: '文一西路 970 号' })).not.toBe(addressHash(base));
  });
});
