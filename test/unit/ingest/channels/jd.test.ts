import { describe, expect, it } from 'vitest';

import { JD_STATUS, jdMapper } from '../../../../src/ingest/channels/jd.js';
import { BadRequestError } from '../../../../src/lib/errors.js';
import { dig, fixture, issuesOf, orderOf } from './helpers.js';

const LIST = '/jingdong_pop_order_search_responce/searchorderinfo_result/orderInfoList';
const firstOrder = (): Record<string, unknown> =>
  dig(fixture('jd-order-search.json'), ...LIST.slice(1).split('/'), 0);

describe('jd mapper', () => {
  it('maps a jingdong.pop.order.search order to the contract Order', () => {
    const result = jdMapper.map(fixture('jd-order-search.json'));

    expect(result.items).toHaveLength(2);
    expect(result.basePath(0)).toBe(`${LIST}/0`);
    expect(orderOf(result.items[0])).toEqual({
      channel: 'jd',
      externalId: '285617293046',
      shopId: '10234567',
      status: 'paid',
      amount: '558.00',
      currency: 'CNY',
      buyer: { name: '李四', phone: '13912345678' },
      address: {
        province: '北京',
        city: '北京市',
        district: '朝阳区',
        detail: '北京朝阳区望京街道阜通东大街6号院3号楼1单元1201',
      },
      items: [{ sku: 'JD-KB-87-RGB', name: '机械键盘 87键 RGB背光 红轴', qty: 2, price: '299.00' }],
      createdAt: '2026-11-22T09:15:32+08:00',
      paidAt: '2026-11-22T09:15:50+08:00',
      remark: '周末送货',
      updatedAt: '2026-11-22T09:16:02+08:00',
    });
  });

  it.each(Object.entries(JD_STATUS))('maps orderState %s to %s', (native, expected) => {
    const order = firstOrder();
    order.orderState = native;

    expect(orderOf(jdMapper.map(order).items[0]).status).toBe(expected);
  });

  it('reports an unknown orderState at its native path', () => {
    const order = firstOrder();
    order.orderState = 'NOT_A_STATE';

    expect(issuesOf(jdMapper.map(order).items[0])).toEqual([
      { path: '/orderState', message: 'unknown JD orderState "NOT_A_STATE"' },
    ]);
  });

  it('leaves out a masked mobile, keeps the seller note and uses the store as warehouse', () => {
    const order = orderOf(jdMapper.map(fixture('jd-order-search.json')).items[1]);

    expect(order.buyer).toEqual({ name: '王**' });
    expect(order.remark).toBe('商家备注：顺丰已发');
    expect(order.warehouse).toBe('6052');
    expect(order.status).toBe('shipped');
  });

  it('does not take storeId "0" as a warehouse', () => {
    expect(orderOf(jdMapper.map(fixture('jd-order-search.json')).items[0]).warehouse).toBeUndefined();
  });

  it('falls back to skuId when outerSkuId is empty', () => {
    const order = orderOf(jdMapper.map(fixture('jd-order-search.json')).items[1]);

    expect(order.items).toEqual([
      { sku: '100023456789', name: '无线鼠标 静音 蓝牙双模', qty: 1, price: '149.00' },
    ]);
  });

  it('maps a jingdong.pop.order.get response and uses the telephone when there is no mobile', () => {
    const result = jdMapper.map(fixture('jd-order-get.json'));
    const order = orderOf(result.items[0]);

    expect(result.basePath(0)).toBe('/jingdong_pop_order_get_responce/orderDetailInfo/orderInfo');
    expect(order.status).toBe('cancelled');
    expect(order.buyer).toEqual({ name: '孙悦', phone: '0571-88001234' });
    expect(order.items).toEqual([{ sku: 'JD-CABLE-2M', name: 'Type-C 数据线 2米', qty: 3, price: '29.97' }]);
  });

  it('rejects one order with a missing orderStartTime without rejecting the other', () => {
    const body = fixture('jd-order-search.json');
    delete dig(body, ...LIST.slice(1).split('/'), 1).orderStartTime;

    const result = jdMapper.map(body);

    expect(result.items[0]?.ok).toBe(true);
    expect(issuesOf(result.items[1])).toEqual([{ path: `${LIST}/1/orderStartTime`, message: 'is required' }]);
  });

  it('reports an amount with more than 2 decimals at orderPayment', () => {
    const order = firstOrder();
    order.orderPayment = '558.005';

    expect(issuesOf(jdMapper.map(order).items[0])).toEqual([
      { path: '/orderPayment', message: expect.stringContaining('at most 2 decimals') },
    ]);
  });

  it('reports an item with a zero quantity at its itemTotal', () => {
    const order = firstOrder();
    dig(order, 'itemInfoList', 0).itemTotal = '0';

    expect(issuesOf(jdMapper.map(order).items[0])).toEqual([
      { path: '/itemInfoList/0/itemTotal', message: 'must be a positive whole number' },
    ]);
  });

  it('falls back to orderTotalPrice when orderPayment was not requested', () => {
    const order = firstOrder();
    delete order.orderPayment;

    expect(orderOf(jdMapper.map(order).items[0]).amount).toBe('598.00');
  });

  it.each([
    ['{orderInfoList}', (o: unknown) => ({ orderInfoList: [o] }), '/orderInfoList/0'],
    [
      '{searchorderinfo_result}',
      (o: unknown) => ({ searchorderinfo_result: { orderInfoList: [o] } }),
      '/searchorderinfo_result/orderInfoList/0',
    ],
    ['{orderInfo}', (o: unknown) => ({ orderInfo: o }), '/orderInfo'],
    [
      '{orderDetailInfo}',
      (o: unknown) => ({ orderDetailInfo: { orderInfo: o } }),
      '/orderDetailInfo/orderInfo',
    ],
  ])('accepts %s', (_name, wrap, base) => {
    const result = jdMapper.map(wrap(firstOrder()));

    expect(result.basePath(0)).toBe(base);
    expect(orderOf(result.items[0]).externalId).toBe('285617293046');
  });

  it.each([
    ['an empty object', {}],
    ['a Taobao trade', { tid_str: '4012345678901234567' }],
    ['a number', 42],
  ])('throws BadRequestError for %s', (_name, body) => {
    expect(() => jdMapper.map(body)).toThrow(BadRequestError);
  });

  it('throws BadRequestError for a search result that holds no orders', () => {
    expect(() =>
      jdMapper.map({ jingdong_pop_order_search_responce: { searchorderinfo_result: { orderTotal: 0 } } }),
    ).toThrow(BadRequestError);
  });
});
