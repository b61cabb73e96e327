import { describe, expect, it } from 'vitest';

import { DOUYIN_ORDER_STATUS, douyinMapper } from '../../../../src/ingest/channels/douyin.js';
import { BadRequestError } from '../../../../src/lib/errors.js';
import { dig, fixture, issuesOf, orderOf } from './helpers.js';

const LIST = '/data/shop_order_list';
const detail = (): Record<string, unknown> =>
  dig(fixture('douyin-order-detail.json'), 'data', 'shop_order_detail');

describe('douyin mapper', () => {
  it('maps an order.orderDetail response to the contract Order, fen to yuan and unix seconds to +08:00', () => {
    const result = douyinMapper.map(fixture('douyin-order-detail.json'));

    expect(result.basePath(0)).toBe('/data/shop_order_detail');
    expect(orderOf(result.items[0])).toEqual({
      channel: 'douyin',
      externalId: '6923456789012345678',
      shopId: '4463798',
      status: 'paid',
      amount: '129.90',
      currency: 'CNY',
      buyer: { name: '赵六', phone: '18612345678' },
      address: {
        province: '上海市',
        city: '上海市',
        district: '浦东新区',
        detail: '张江镇祖冲之路2288弄5号',
      },
      items: [{ sku: 'XL-NST-01', name: '北欧实木床头柜 简约小户型', qty: 1, price: '129.90' }],
      warehouse: 'sh-1',
      createdAt: '2026-11-22T10:00:00+08:00',
      paidAt: '2026-11-22T10:00:12+08:00',
      promisedShipAt: '2026-11-24T10:00:12+08:00',
      remark: '周六上午送货',
      updatedAt: '2026-11-22T10:05:40+08:00',
    });
  });

  it.each([
    [12990, '129.90'],
    [5, '0.05'],
    [100, '1.00'],
    [0, '0.00'],
    ['39900', '399.00'],
  ])('converts pay_amount %s fen to %s yuan', (fen, yuan) => {
    const order = detail();
    order.pay_amount = fen;

    expect(orderOf(douyinMapper.map(order).items[0]).amount).toBe(yuan);
  });

  it.each([12990.5, -100, '129.90'])('reports pay_amount %s, which is not a whole number of fen', (fen) => {
    const order = detail();
    order.pay_amount = fen;

    expect(issuesOf(douyinMapper.map(order).items[0])).toEqual([
      { path: '/pay_amount', message: 'must be a non-negative whole number of fen (分)' },
    ]);
  });

  it.each(Object.entries(DOUYIN_ORDER_STATUS))('maps order_status %s to %s', (native, expected) => {
    const order = detail();
    order.order_status = Number(native);
    order.main_status = Number(native);

    expect(orderOf(douyinMapper.map(order).items[0]).status).toBe(expected);
  });

  it.each([21, 22, 39])(
    'maps main_status %s (refund completed) to closed whatever order_status says',
    (main) => {
      const order = detail();
      order.order_status = 4;
      order.main_status = main;

      expect(orderOf(douyinMapper.map(order).items[0]).status).toBe('closed');
    },
  );

  it('reports an unknown order_status at its native path', () => {
    const order = detail();
    order.order_status = 77;
    order.main_status = 77;

    expect(issuesOf(douyinMapper.map(order).items[0])).toEqual([
      { path: '/order_status', message: 'unknown Douyin order_status "77"' },
    ]);
  });

  it('maps an order.searchList page', () => {
    const result = douyinMapper.map(fixture('douyin-order-search.json'));

    expect(result.basePath(1)).toBe(`${LIST}/1`);
    expect(result.items.map((i) => orderOf(i).status)).toEqual(['packed', 'cancelled', 'closed']);
    expect(result.items.map((i) => orderOf(i).amount)).toEqual(['259.80', '59.00', '88.00']);
  });

  it('leaves out encrypted receiver name, phone and address', () => {
    const order = orderOf(douyinMapper.map(fixture('douyin-order-search.json')).items[0]);

    expect(order.buyer).toBeUndefined();
    expect(order.address).toBeUndefined();
    expect(order.remark).toBe('商家备注：第二件缺货，明天补发');
  });

  it('treats pay_time and exp_ship_time 0 as absent', () => {
    const order = orderOf(douyinMapper.map(fixture('douyin-order-search.json')).items[1]);

    expect(order.paidAt).toBeUndefined();
    expect(order.promisedShipAt).toBeUndefined();
    expect(order.createdAt).toBe('2026-11-22T09:00:00+08:00');
  });

  it('does not repeat the street when the detail already starts with it', () => {
    const order = orderOf(douyinMapper.map(fixture('douyin-order-search.json')).items[2]);

    expect(order.address).toEqual({
      province: '湖南省',
      city: '长沙市',
      district: '岳麓区',
      detail: '麓谷街道麓松路459号',
    });
  });

  it('rejects one order with a missing order_id without rejecting the others', () => {
    const body = fixture('douyin-order-search.json');
    delete dig(body, 'data', 'shop_order_list', 1).order_id;

    const result = douyinMapper.map(body);

    expect(result.items.map((i) => i.ok)).toEqual([true, false, true]);
    expect(issuesOf(result.items[1])).toEqual([{ path: `${LIST}/1/order_id`, message: 'is required' }]);
  });

  it('reports a sku order without item_num at its own path', () => {
    const order = detail();
    delete dig(order, 'sku_order_list', 0).item_num;

    expect(issuesOf(douyinMapper.map(order).items[0])).toEqual([
      { path: '/sku_order_list/0/item_num', message: 'is required' },
    ]);
  });

  it.each([
    ['{shop_order_detail}', (o: unknown) => ({ shop_order_detail: o }), '/shop_order_detail'],
    ['{shop_order_list}', (o: unknown) => ({ shop_order_list: [o] }), '/shop_order_list/0'],
    ['a bare order', (o: unknown) => o, ''],
  ])('accepts %s', (_name, wrap, base) => {
    const result = douyinMapper.map(wrap(detail()));

    expect(result.basePath(0)).toBe(base);
    expect(orderOf(result.items[0]).externalId).toBe('6923456789012345678');
  });

  it.each([
    ['an empty object', {}],
    ['an empty data', { code: 10000, data: {} }],
    ['a Shopify order', { id: 5940139491234, financial_status: 'paid' }],
  ])('throws BadRequestError for %s', (_name, body) => {
    expect(() => douyinMapper.map(body)).toThrow(BadRequestError);
  });
});
