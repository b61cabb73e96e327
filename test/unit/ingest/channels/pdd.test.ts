import { describe, expect, it } from 'vitest';

import { pddMapper } from '../../../../src/ingest/channels/pdd.js';
import { BadRequestError } from '../../../../src/lib/errors.js';
import { dig, fixture, issuesOf, orderOf } from './helpers.js';

const LIST = '/order_sn_increment_get_response/order_sn_list';
const info = (): Record<string, unknown> =>
  dig(fixture('pdd-order-information.json'), 'order_info_get_response', 'order_info');

describe('pdd mapper', () => {
  it('maps a pdd.order.information.get order to the contract Order', () => {
    const result = pddMapper.map(fixture('pdd-order-information.json'));

    expect(result.basePath(0)).toBe('/order_info_get_response/order_info');
    expect(orderOf(result.items[0])).toEqual({
      channel: 'pdd',
      externalId: '251122-093845761234567',
      status: 'paid',
      amount: '59.90',
      currency: 'CNY',
      buyer: { name: '王五', phone: '15012345678' },
      address: {
        province: '广东省',
        city: '深圳市',
        district: '南山区',
        detail: '粤海街道科技园南区高新南七道',
      },
      items: [{ sku: 'PDD-TISSUE-24', name: '原木抽纸 24包整箱', qty: 2, price: '29.95' }],
      warehouse: 'sz-2',
      createdAt: '2026-11-22T10:02:11+08:00',
      paidAt: '2026-11-22T10:02:30+08:00',
      promisedShipAt: '2026-11-24T10:02:30+08:00',
      updatedAt: '2026-11-22T10:02:31+08:00',
    });
  });

  it.each([
    // order_status, refund_status, confirm_status → status
    [1, 1, 1, 'paid'],
    [2, 1, 1, 'shipped'],
    [3, 1, 1, 'delivered'],
    [1, 2, 1, 'paid'],
    [2, 3, 1, 'shipped'],
    [1, 4, 1, 'closed'],
    [3, 4, 1, 'closed'],
    [1, 1, 2, 'cancelled'],
    ['2', '1', '1', 'shipped'],
  ])('maps order_status %s with refund_status %s and confirm_status %s to %s', (os, rs, cs, expected) => {
    const order = info();
    Object.assign(order, { order_status: os, refund_status: rs, confirm_status: cs });

    expect(orderOf(pddMapper.map(order).items[0]).status).toBe(expected);
  });

  it('reports an unknown order_status at its native path', () => {
    const order = info();
    order.order_status = 9;

    expect(issuesOf(pddMapper.map(order).items[0])).toEqual([
      { path: '/order_status', message: expect.stringContaining('unknown PDD order_status "9"') },
    ]);
  });

  it('maps an increment list, leaving out masked phones and using confirm_time when there is no pay_time', () => {
    const result = pddMapper.map(fixture('pdd-order-increment.json'));
    const first = orderOf(result.items[0]);

    expect(result.basePath(2)).toBe(`${LIST}/2`);
    expect(result.items.map((i) => orderOf(i).status)).toEqual(['shipped', 'delivered', 'closed']);
    expect(first.buyer).toEqual({ name: '赵**' });
    expect(first.paidAt).toBe('2026-11-20T15:00:20+08:00');
    expect(first.promisedShipAt).toBe('2026-11-22T15:00:20+08:00');
    expect(first.remark).toBe('放快递柜');
  });

  it('falls back to sku_id when an item has no outer_id', () => {
    const first = orderOf(pddMapper.map(fixture('pdd-order-increment.json')).items[0]);

    expect(first.items).toEqual([
      { sku: '887654321098', name: '四川手工火锅底料 500g', qty: 2, price: '22.90' },
    ]);
  });

  it('rejects one order with a missing pay_amount without rejecting the others', () => {
    const body = fixture('pdd-order-increment.json');
    delete dig(body, 'order_sn_increment_get_response', 'order_sn_list', 1).pay_amount;

    const result = pddMapper.map(body);

    expect(result.items.map((i) => i.ok)).toEqual([true, false, true]);
    expect(issuesOf(result.items[1])).toEqual([{ path: `${LIST}/1/pay_amount`, message: 'is required' }]);
  });

  it('reports a pay_amount number with more than 2 decimals', () => {
    const order = info();
    order.pay_amount = 59.905;

    expect(issuesOf(pddMapper.map(order).items[0])).toEqual([
      { path: '/pay_amount', message: expect.stringContaining('at most 2 decimals') },
    ]);
  });

  it('marks the merchant remark after the buyer memo', () => {
    const order = info();
    order.buyer_memo = '不要放驿站';
    order.remark = '已电话确认';

    expect(orderOf(pddMapper.map(order).items[0]).remark).toBe('不要放驿站\n商家备注：已电话确认');
  });

  it('uses the full address when there is no receiver_address', () => {
    const order = info();
    delete order.receiver_address;

    expect(orderOf(pddMapper.map(order).items[0]).address?.detail).toBe(
      '广东省深圳市南山区粤海街道科技园南区高新南七道',
    );
  });

  it.each([
    ['{order_info}', (o: unknown) => ({ order_info: o }), '/order_info'],
    ['{order_list}', (o: unknown) => ({ order_list: [o] }), '/order_list/0'],
    [
      'order_list_get_response',
      (o: unknown) => ({ order_list_get_response: { order_list: [o] } }),
      '/order_list_get_response/order_list/0',
    ],
    ['a bare order', (o: unknown) => o, ''],
  ])('accepts %s', (_name, wrap, base) => {
    const result = pddMapper.map(wrap(info()));

    expect(result.basePath(0)).toBe(base);
    expect(orderOf(result.items[0]).externalId).toBe('251122-093845761234567');
  });

  it.each([
    ['an empty object', {}],
    ['a JD order list', { orderInfoList: [] }],
    ['a string', 'order_sn=1'],
  ])('throws BadRequestError for %s', (_name, body) => {
    expect(() => pddMapper.map(body)).toThrow(BadRequestError);
  });

  it('throws BadRequestError for an increment response with no orders', () => {
    expect(() =>
      pddMapper.map({ order_sn_increment_get_response: { total_count: 0, order_sn_list: [] } }),
    ).toThrow(/no orders/);
  });
});
