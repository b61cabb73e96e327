import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressHash } from '../../../src/domain/address.js';
import { phoneHash } from '../../../src/domain/phone.js';
import { validateOrder } from '../../../src/ingest/validate-order.js';
import { orderBody } from '../../helpers/orders.js';

/** The CONTRACT §3 example order. */
const order = orderBody;

function issuesOf(v: unknown, path = '/orders/0') {
  const r = validateOrder(v, path);
  if (r.ok) throw new Error('expected issues, got a valid order');
  return r.issues;
}

function valid(v: unknown) {
  const r = validateOrder(v, '/orders/0');
  if (!r.ok) throw new Error(`expected a valid order, got ${JSON.stringify(r.issues)}`);
  return r.order;
}

describe('validateOrder', () => {
  it('maps the contract example to an OrderInput when every field is valid', () => {
    const input = order();
    const o = valid(input);
    expect(o).toEqual({
      channel: 'taobao',
      externalId: 'TB20261122001',
      shopId: 'shop-1',
      status: 'paid',
      amountFen: 39900,
      currency: 'CNY',
      buyerName: '张三',
      buyerPhone: '13800138000',
      phoneHash: phoneHash('13800138000'),
      address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路 969 号' },
      addressHash: addressHash({
        province: '浙江省',
        city: '杭州市',
        district: '余杭区',
        detail: '文一西路969号',
      }),
      items: [{ sku: 'SKU-1', name: '连衣裙', qty: 1, priceFen: 39900 }],
      warehouse: 'hz-1',
      createdAt: new Date('2026-11-22T00:00:00Z'),
      paidAt: new Date('2026-11-22T00:01:00Z'),
      promisedShipAt: new Date('2026-11-23T10:00:00Z'),
      remark: '',
      presale: false,
      statusAt: new Date('2026-11-22T00:01:00Z'),
      raw: input,
    });
    expect(o.raw).toBe(input);
  });

  it('fills defaults when only the required fields are given', () => {
    const o = valid({
      channel: 'my-shop_2',
      externalId: 'X1',
      status: 'created',
      amount: 0,
      createdAt: '2026-11-22T00:00:00Z',
    });
    expect(o).toMatchObject({
      currency: 'CNY',
      shopId: null,
      buyerName: null,
      buyerPhone: null,
      phoneHash: null,
      address: null,
      addressHash: null,
      items: [],
      warehouse: null,
      paidAt: null,
      promisedShipAt: null,
      remark: '',
      statusAt: new Date('2026-11-22T00:00:00Z'),
    });
  });

  it('normalises phone and address and gives the same hashes when formats differ', () => {
    const a = valid(order());
    const b = valid(
      order({
        buyer: { name: '张三', phone: '+86 138-0013-8000' },
        address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路９６９号' },
      }),
    );
    const c = valid(order({ buyer: { phone: '１３８ ００１３ ８０００' } }));
    expect(b.buyerPhone).toBe('13800138000');
    expect(c.buyerPhone).toBe('13800138000');
    expect(b.phoneHash).toBe(a.phoneHash);
    expect(c.phoneHash).toBe(a.phoneHash);
    expect(b.addressHash).toBe(a.addressHash);
    expect(b.address?.detail).toBe('文一西路969号');
  });

  it('keeps SQL- and markup-looking text verbatim when it has no control characters', () => {
    const o = valid(
      order({
        externalId: "TB1'; DROP TABLE orders;--",
        buyer: { name: '<script>alert(1)</script>' },
        remark: "'; DROP TABLE orders;-- <b>加急</b>\n第二行",
        items: [{ sku: 'SKU-1', name: '<img src=x onerror=alert(1)>', qty: 2, price: 1 }],
      }),
    );
    expect(o.externalId).toBe("TB1'; DROP TABLE orders;--");
    expect(o.buyerName).toBe('<script>alert(1)</script>');
    expect(o.remark).toBe("'; DROP TABLE orders;-- <b>加急</b>\n第二行");
    expect(o.items[0]?.name).toBe('<img src=x onerror=alert(1)>');
  });

  it.each([
    [{ updatedAt: '2026-11-25T10:00:00+08:00' }, '2026-11-25T02:00:00.000Z'],
    [{ paidAt: undefined }, '2026-11-22T00:00:00.000Z'],
    [{ paidAt: '2026-11-21T23:00:00+08:00' }, '2026-11-22T00:00:00.000Z'],
    [{ paidAt: '2026-11-22T09:00:00+08:00' }, '2026-11-22T01:00:00.000Z'],
    [{ paidAt: null, promisedShipAt: '2026-12-01T00:00:00Z' }, '2026-11-22T00:00:00.000Z'],
  ])('sets statusAt correctly when given %j', (overrides, statusAt) => {
    expect(valid(order(overrides)).statusAt.toISOString()).toBe(statusAt);
  });

  it.each([
    ['amount', 19.99, 'amountFen', 1999],
    ['amount', '1200', 'amountFen', 120000],
    ['currency', 'USD', 'currency', 'USD'],
    ['externalId', 2026112200012345, 'externalId', '2026112200012345'],
    ['shopId', '', 'shopId', null],
    ['buyer', { phone: 13800138000 }, 'buyerPhone', '13800138000'],
    [
      'address',
      { province: '广东省', city: '东莞市', detail: '虎门镇 1 号' },
      'address',
      {
        province: '广东省',
        city: '东莞市',
        district: '',
        detail: '虎门镇 1 号',
      },
    ],
  ])('reads %s %j as %s %j', (key, value, field, expected) => {
    expect(valid(order({ [key]: value }))[field as 'amountFen']).toEqual(expected);
  });

  it('ignores unknown top-level keys when they are present', () => {
    const o = valid(order({ tid: 123, extra: { nested: true } }));
    expect(o).not.toHaveProperty('tid');
    expect(o).not.toHaveProperty('extra');
  });

  it.each([
    ['channel', 'TaoBao', '/orders/0/channel', '渠道须为'],
    ['channel', 'a'.repeat(33), '/orders/0/channel', '渠道须为'],
    ['channel', undefined, '/orders/0/channel', '必填'],
    ['externalId', undefined, '/orders/0/externalId', '必填'],
    ['externalId', '', '/orders/0/externalId', '不能为空'],
    ['externalId', 'x'.repeat(65), '/orders/0/externalId', '最多 64'],
    ['status', 'foo', '/orders/0/status', '不支持的订单状态 "foo"，可选: created, paid, picking'],
    ['status', 'PAID', '/orders/0/status', '不支持的订单状态'],
    ['amount', '1.001', '/orders/0/amount', '金额最多两位小数 / at most 2 decimal places'],
    ['amount', undefined, '/orders/0/amount', '必填'],
    ['currency', 'cny', '/orders/0/currency', '3 位大写字母'],
    ['createdAt', '2026-11-22T08:00:00', '/orders/0/createdAt', '时区偏移'],
    ['createdAt', undefined, '/orders/0/createdAt', '必填'],
    ['paidAt', '2026-02-30T08:00:00Z', '/orders/0/paidAt', '不存在'],
    ['updatedAt', 'now', '/orders/0/updatedAt', '格式不正确'],
    ['buyer', 'zhangsan', '/orders/0/buyer', '必须是 JSON 对象'],
    ['buyer', { phone: '12345' }, '/orders/0/buyer/phone', '中国号码格式不正确'],
    ['buyer', { phone: true }, '/orders/0/buyer/phone', '必须是字符串'],
    ['buyer', { name: '张\u0000三' }, '/orders/0/buyer/name', 'U+0000'],
    ['address', [], '/orders/0/address', '必须是 JSON 对象'],
    ['address', { province: '浙江省', city: '杭州市' }, '/orders/0/address/detail', '必填'],
    ['items', {}, '/orders/0/items', '必须是数组'],
    ['items', [null], '/orders/0/items/0', '必须是 JSON 对象'],
    ['items', [{ sku: 'S', name: 'n', qty: 0, price: 1 }], '/orders/0/items/0/qty', '1–100000'],
    ['items', [{ sku: 'S', name: 'n', qty: 1.5, price: 1 }], '/orders/0/items/0/qty', '整数'],
    ['items', [{ sku: 'S', name: 'n', qty: 100001, price: 1 }], '/orders/0/items/0/qty', '整数'],
    ['items', [{ sku: 'S', name: 'n', qty: '1', price: 1 }], '/orders/0/items/0/qty', '整数'],
    ['items', [{ sku: 'S', name: 'n', price: 1 }], '/orders/0/items/0/qty', '必填'],
    ['items', [{ sku: 'S', name: 'n', qty: 1, price: '-1' }], '/orders/0/items/0/price', '负数'],
    [
      'items',
      new Array(1001).fill({ sku: 'S', name: 'n', qty: 1, price: 1 }),
      '/orders/0/items',
      '最多 1000',
    ],
    ['warehouse', 'hz\u00851', '/orders/0/warehouse', 'U+0085'],
    ['remark', 'ok\u0000', '/orders/0/remark', 'U+0000'],
    ['remark', 'x'.repeat(1001), '/orders/0/remark', '最多 1000'],
  ])('reports %s = %j at %s', (key, value, path, fragment) => {
    const issues = issuesOf(order({ [key]: value }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(fragment);
  });

  it('reports every problem at once with pointers under the given path', () => {
    const issues = issuesOf(
      order({
        status: 'foo',
        amount: '1.001',
        buyer: { name: 'ok', phone: 'call me' },
        address: { province: '浙江省', city: '', district: '余杭区', detail: 'x\u0007' },
        items: [
          { sku: 'S', name: 'n', qty: 1, price: 1 },
          { sku: '', name: 'n', qty: -1, price: '1.5e3' },
        ],
        createdAt: '2026-11-22 08:00:00',
      }),
      '/orders/1',
    );
    expect(issues.map((i) => i.path)).toEqual([
      '/orders/1/status',
      '/orders/1/amount',
      '/orders/1/buyer/phone',
      '/orders/1/address/city',
      '/orders/1/address/detail',
      '/orders/1/items/1/sku',
      '/orders/1/items/1/price',
      '/orders/1/items/1/qty',
      '/orders/1/createdAt',
    ]);
    expect(issues.every((i) => / \/ /.test(i.message))).toBe(true);
  });

  it('escapes ~ and / in pointers when an item path needs it', () => {
    expect(issuesOf(order({ status: 1 }), '/a~b/c/d')[0]?.path).toBe('/a~b/c/d/status');
  });

  it.each([null, [], 'order', 42, true])('reports one issue at the item path when the order is %j', (v) => {
    expect(issuesOf(v, '/orders/7')).toEqual([
      { path: '/orders/7', message: '订单必须是 JSON 对象 / order must be an object' },
    ]);
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (v) => {
        const r = validateOrder(v, '/orders/0');
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when the fields of a valid order are replaced by arbitrary JSON', () => {
    const keys = Object.keys(order()).concat('updatedAt');
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()), (patch) => {
        const r = validateOrder(order(patch), '/orders/0');
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the presale extension', () => {
  it.each([
    [undefined, false],
    [true, true],
    [false, false],
  ])('reads presale %j as %j', (presale, expected) => {
    const r = validateOrder(order(presale === undefined ? {} : { presale }), '/orders/0');
    expect(r.ok && r.order.presale).toBe(expected);
  });

  it('rejects a presale flag that is not a boolean', () => {
    expect(issuesOf(order({ presale: 'yes' }))).toEqual([
      { path: '/orders/0/presale', message: '预售标记必须是 true 或 false / presale must be true or false' },
    ]);
  });
});
