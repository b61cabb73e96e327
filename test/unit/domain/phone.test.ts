import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone, phoneHash } from '../../../src/domain/phone.js';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['１３８ ００１３ ８０００', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['＋８６ １３８００１３８０００', '13800138000'],
    ['008613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['(+86) 138.0013.8000', '13800138000'],
    ['138\u30000013\u30008000', '13800138000'],
    ['138－0013－8000', '13800138000'],
    ['0571-88886666', '057188886666'],
    ['(010) 1234 5678', '01012345678'],
    ['+86 571 8888 6666', '057188886666'],
    ['+1 (415) 555-0123', '+14155550123'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+852 6123 4567', '+85261234567'],
  ])('normalises %j to %s', (raw, phone) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, phone });
  });

  it.each([
    ['', '为空'],
    ['  - ', '为空'],
    ['abc', '只能包含数字'],
    ['138 0013 800O', '只能包含数字'],
    ['tel:13800138000', '只能包含数字'],
    ['1380013800', '中国号码格式不正确'],
    ['12800138000', '中国号码格式不正确'],
    ['138001380001', '中国号码格式不正确'],
    ['+86 12345', '中国号码格式不正确'],
    ['88886666', '无法识别'],
    ['+12345', '无法识别'],
    ['1'.repeat(65), '过长'],
  ])('rejects %j with a message mentioning %s', (raw, fragment) => {
    const r = normalizePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(fragment);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['057188886666', '057****6666'],
    ['+14155550123', '+14****0123'],
    ['1234567', '*****67'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('phoneHash', () => {
  it('is the sha256 hex of the normalised phone', () => {
    expect(phoneHash('13800138000')).toBe(createHash('sha256').update('13800138000').digest('hex'));
  });

  it.each(['+86 138-0013-8000', '１３８ ００１３ ８０００', '008613800138000', '86 13800138000'])(
    'hashes %j the same as 13800138000',
    (raw) => {
      expect(phoneHash(raw)).toBe(phoneHash('13800138000'));
    },
  );

  it('differs between different phones', () => {
    expect(phoneHash('13800138000')).not.toBe(phoneHash('13800138001'));
  });

  it('is an HMAC keyed by the salt when a salt is given', () => {
    const salted = phoneHash('+86 13800138000', 'pepper');
    expect(salted).toBe(createHmac('sha256', 'pepper').update('13800138000').digest('hex'));
    expect(salted).not.toBe(phoneHash('13800138000'));
  });
});
