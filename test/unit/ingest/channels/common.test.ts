import { describe, expect, it } from 'vitest';

import {
  buildAddress,
  cnTime,
  fenToYuan,
  idString,
  isoTime,
  joinRemarks,
  plainPhone,
  plainText,
  quantity,
  yuan,
} from '../../../../src/ingest/channels/common.js';

describe('cnTime', () => {
  it.each([
    ['2026-11-22 08:00:00', '2026-11-22T08:00:00+08:00'],
    ['2026-11-22 08:00', '2026-11-22T08:00:00+08:00'],
    ['2026-11-22T08:00:00', '2026-11-22T08:00:00+08:00'],
    [1795312800, '2026-11-22T10:00:00+08:00'],
    ['1795312800', '2026-11-22T10:00:00+08:00'],
    [1795312800000, '2026-11-22T10:00:00+08:00'],
    // 2026-11-21T16:00:00Z is already the next day in Shanghai.
    [1795276800, '2026-11-22T00:00:00+08:00'],
    ['2026-11-22T08:00:00+08:00', '2026-11-22T08:00:00+08:00'],
    ['2026-11-22T00:00:00Z', '2026-11-22T00:00:00Z'],
  ])('turns %j into %s', (input, expected) => {
    expect(cnTime(input)).toEqual({ ok: true, value: expected });
  });

  it.each([undefined, null, '', 0, '0', '0001-01-01 00:00:00', 86400])('treats %j as absent', (input) => {
    expect(cnTime(input)).toEqual({ ok: true, value: undefined });
  });

  it.each([
    '2026-02-30 10:00:00',
    '2026-11-22 24:00:00',
    '22/11/2026 08:00',
    'yesterday',
    true,
    1795312800.5,
  ])('rejects %j', (input) => {
    expect(cnTime(input).ok).toBe(false);
  });
});

describe('isoTime', () => {
  it('passes an ISO time with offset through and rejects a zoneless one', () => {
    expect(isoTime('2026-11-21T19:05:12-05:00')).toEqual({ ok: true, value: '2026-11-21T19:05:12-05:00' });
    expect(isoTime('2026-11-21 19:05:12').ok).toBe(false);
    expect(isoTime(null)).toEqual({ ok: true, value: undefined });
  });
});

describe('money', () => {
  it.each([
    ['399', '399.00'],
    ['399.5', '399.50'],
    ['399.00', '399.00'],
    ['007.10', '7.10'],
    [59.9, '59.90'],
    [0.1 + 0.2, '0.30'],
    [0, '0.00'],
    [12345678.91, '12345678.91'],
  ])('reads yuan %j as %s', (input, expected) => {
    expect(yuan(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['12.345', '-1', -1, '1e3', '1,299.00', Number.NaN, 59.905, true])('rejects yuan %j', (input) => {
    expect(yuan(input).ok).toBe(false);
  });

  it.each([
    [12990, '129.90'],
    [5, '0.05'],
    [0, '0.00'],
    ['39900', '399.00'],
    [123456789012, '1234567890.12'],
  ])('reads %j fen as %s yuan', (input, expected) => {
    expect(fenToYuan(input)).toEqual({ ok: true, value: expected });
  });

  it.each([12.5, -1, '12.50', '', null])('rejects or skips fen %j', (input) => {
    const parsed = fenToYuan(input);
    expect(parsed.ok === false || parsed.value === undefined).toBe(true);
  });
});

describe('quantity and ids', () => {
  it('reads whole positive quantities only', () => {
    expect(quantity(2)).toEqual({ ok: true, value: 2 });
    expect(quantity('3')).toEqual({ ok: true, value: 3 });
    expect(quantity(0).ok).toBe(false);
    expect(quantity(1.5).ok).toBe(false);
  });

  it('keeps string ids verbatim and refuses numbers that lost precision', () => {
    expect(idString(' 4012345678901234567 ')).toEqual({ ok: true, value: '4012345678901234567' });
    expect(idString(2231958349)).toEqual({ ok: true, value: '2231958349' });
    expect(idString(Number('4012345678901234567')).ok).toBe(false);
  });
});

describe('receiver data', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '+86 138-0013-8000'],
    ['0571-88158888', '0571-88158888'],
    ['138****8000', undefined],
    ['1387677****', undefined],
    ['#Q0xBq2e4d9mF1wA8cR#', undefined],
    ['$eTS8t8hAECdXKgNtV6DIfw==$1$', undefined],
    ['', undefined],
  ])('keeps phone %j as %j', (input, expected) => {
    expect(plainPhone(input)).toBe(expected);
  });

  it.each([
    ['张三', '张三'],
    ['张**', '张**'],
    ['#Vb3n2kq9dZ0x#', undefined],
    ['~AgAAAAEAAAAB~', undefined],
    ['***', undefined],
  ])('keeps text %j as %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });

  it('builds an address only from a province, a city and a detail, leaving a missing district empty', () => {
    expect(
      buildAddress({ province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路969号' }),
    ).toEqual({
      province: '浙江省',
      city: '杭州市',
      district: '余杭区',
      detail: '文一西路969号',
    });
    expect(buildAddress({ province: '河南省', district: '济源市', detail: '沁园路1号' })).toEqual({
      province: '河南省',
      city: '济源市',
      district: '',
      detail: '沁园路1号',
    });
    expect(buildAddress({ province: '广东省', city: '东莞市', detail: '鸿福路200号' })).toEqual({
      province: '广东省',
      city: '东莞市',
      district: '',
      detail: '鸿福路200号',
    });
    expect(buildAddress({ province: '浙江省', city: '杭州市', district: '余杭区' })).toBeUndefined();
    expect(buildAddress({ city: '杭州市', district: '余杭区', detail: '文一西路969号' })).toBeUndefined();
  });

  it('joins buyer and merchant remarks, marking the merchant one', () => {
    expect(joinRemarks('尽快发货', undefined)).toBe('尽快发货');
    expect(joinRemarks(undefined, '已备货')).toBe('商家备注：已备货');
    expect(joinRemarks(undefined, undefined)).toBeUndefined();
  });
});
