import { describe, expect, it } from 'vitest';

import { TAOBAO_STATUS, taobaoMapper, tmallMapper } from '../../../../src/ingest/channels/taobao.js';
import { BadRequestError, PayloadTooLargeError } from '../../../../src/lib/errors.js';
import { dig, fixture, fixtureText, issuesOf, orderOf } from './helpers.js';

const SOLD = '/trades_sold_get_response/trades/trade';

describe('taobao mapper', () => {
  it('maps a trade_fullinfo_get_response trade to the contract Order', () => {
    const result = taobaoMapper.map(fixture('taobao-fullinfo.json'));

    expect(result.items).toHaveLength(1);
    expect(result.basePath(0)).toBe('/trade_fullinfo_get_response/trade');
    expect(orderOf(result.items[0])).toEqual({
      channel: 'taobao',
      externalId: '4012345678901234567',
      shopId: '纤云女装旗舰店',
      status: 'paid',
      amount: '399.00',
      currency: 'CNY',
      buyer: { name: '张三', phone: '13800138000' },
      address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路969号' },
      items: [{ sku: 'QY-2026-DRESS-BLK-M', name: '2026秋冬新款法式复古连衣裙', qty: 1, price: '419.00' }],
      warehouse: 'hz-1',
      createdAt: '2026-11-22T08:00:00+08:00',
      paidAt: '2026-11-22T08:01:00+08:00',
      remark: '请尽快发货，谢谢',
      updatedAt: '2026-11-22T08:01:05+08:00',
    });
  });

  it('keeps the 19-digit tid exactly when the JSON number has lost precision', () => {
    const body = JSON.parse(fixtureText('taobao-fullinfo.json'));
    // The parsed number is no longer the tid: JSON.parse rounds it to the nearest double.
    expect(String(dig(body, 'trade_fullinfo_get_response', 'trade').tid)).not.toBe('4012345678901234567');

    expect(orderOf(taobaoMapper.map(body).items[0]).externalId).toBe('4012345678901234567');
  });

  it('uses a tid sent as a string when there is no tid_str', () => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');
    delete trade.tid_str;
    trade.tid = '4012345678901234568';

    expect(orderOf(taobaoMapper.map(trade).items[0]).externalId).toBe('4012345678901234568');
  });

  it('reports a numeric tid beyond 2^53 without tid_str at /tid instead of storing a wrong id', () => {
    const trade = dig(
      JSON.parse(fixtureText('taobao-fullinfo.json')),
      'trade_fullinfo_get_response',
      'trade',
    );
    delete trade.tid_str;

    const issues = issuesOf(taobaoMapper.map(trade).items[0]);
    expect(issues).toEqual([{ path: '/tid', message: expect.stringContaining('lost precision') }]);
  });

  it('accepts a small numeric tid', () => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');
    delete trade.tid_str;
    trade.tid = 2231958349;

    expect(orderOf(taobaoMapper.map(trade).items[0]).externalId).toBe('2231958349');
  });

  it.each(Object.entries(TAOBAO_STATUS))('maps status %s to %s', (native, expected) => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');
    trade.status = native;

    expect(orderOf(taobaoMapper.map(trade).items[0]).status).toBe(expected);
  });

  it.each([
    ['WAIT_BUYER_PAY', 'created'],
    ['WAIT_SELLER_SEND_GOODS', 'paid'],
    ['SELLER_CONSIGNED_PART', 'packed'],
    ['WAIT_BUYER_CONFIRM_GOODS', 'shipped'],
    ['TRADE_FINISHED', 'delivered'],
    ['TRADE_CLOSED', 'closed'],
    ['TRADE_CLOSED_BY_TAOBAO', 'cancelled'],
  ])('maps the main lifecycle status %s to %s', (native, expected) => {
    expect(TAOBAO_STATUS[native]).toBe(expected);
  });

  it('reports an unknown status at its native path', () => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');
    trade.status = 'TRADE_TELEPORTED';

    expect(issuesOf(taobaoMapper.map(trade).items[0])).toEqual([
      { path: '/status', message: 'unknown Taobao trade status "TRADE_TELEPORTED"' },
    ]);
  });

  it('maps every trade of trades_sold_get_response and gives each its native base path', () => {
    const result = taobaoMapper.map(fixture('taobao-trades-sold.json'));

    expect(result.items.map((i) => i.ok)).toEqual([true, true, true]);
    expect(result.basePath(1)).toBe(`${SOLD}/1`);
    expect(result.items.map((i) => orderOf(i).status)).toEqual(['created', 'packed', 'delivered']);
    expect(result.items.map((i) => orderOf(i).externalId)).toEqual([
      '3987654321098765432',
      '3987654321098765433',
      '3987654321098765436',
    ]);
  });

  it('rejects one trade with a missing field without rejecting the others', () => {
    const body = fixture('taobao-trades-sold.json');
    delete dig(body, 'trades_sold_get_response', 'trades', 'trade', 1).created;

    const result = taobaoMapper.map(body);

    expect(result.items[0]?.ok).toBe(true);
    expect(issuesOf(result.items[1])).toEqual([{ path: `${SOLD}/1/created`, message: 'is required' }]);
    expect(result.items[2]?.ok).toBe(true);
  });

  it('reports a bad sub-order field with the path of that sub-order', () => {
    const body = fixture('taobao-trades-sold.json');
    const order = dig(body, 'trades_sold_get_response', 'trades', 'trade', 1, 'orders', 'order', 1);
    delete order.num;
    order.price = '19.001';

    expect(issuesOf(taobaoMapper.map(body).items[1])).toEqual([
      { path: `${SOLD}/1/orders/order/1/num`, message: 'is required' },
      { path: `${SOLD}/1/orders/order/1/price`, message: expect.stringContaining('at most 2 decimals') },
    ]);
  });

  it('reports a pay_time that is present but not a time instead of dropping it', () => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');
    trade.pay_time = '2026-11-31 08:01:00';

    expect(issuesOf(taobaoMapper.map(trade).items[0])).toEqual([
      { path: '/pay_time', message: expect.stringContaining('not a valid date-time') },
    ]);
  });

  it('treats an empty pay_time as not paid yet', () => {
    const order = orderOf(taobaoMapper.map(fixture('taobao-trades-sold.json')).items[0]);

    expect(order.paidAt).toBeUndefined();
    expect(order.amount).toBe('128.50');
  });

  it('takes receiver_district as the city for a city-level county (济源), as TOP advises', () => {
    const order = orderOf(taobaoMapper.map(fixture('taobao-trades-sold.json')).items[0]);

    expect(order.address).toEqual({
      province: '河南省',
      city: '济源市',
      district: '',
      detail: '沁园路**号',
    });
  });

  it('leaves the district empty for a city without districts (东莞) instead of inventing one', () => {
    const order = orderOf(taobaoMapper.map(fixture('taobao-trades-sold.json')).items[1]);

    expect(order.address).toEqual({
      province: '广东省',
      city: '东莞市',
      district: '',
      detail: '鸿福路200号海德广场A座1806',
    });
  });

  it('leaves out a masked receiver phone but keeps the masked name', () => {
    const order = orderOf(taobaoMapper.map(fixture('taobao-trades-sold.json')).items[0]);

    expect(order.buyer).toEqual({ name: '刘**' });
  });

  it('falls back to receiver_phone when there is no mobile', () => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');
    trade.receiver_mobile = '';
    trade.receiver_phone = '0571-88158888';

    expect(orderOf(taobaoMapper.map(trade).items[0]).buyer?.phone).toBe('0571-88158888');
  });

  it('marks the seller memo in the remark', () => {
    const order = orderOf(taobaoMapper.map(fixture('taobao-trades-sold.json')).items[1]);

    expect(order.remark).toBe('商家备注：赠品已备');
  });

  it('maps several sub-orders and uses outer_iid when a sub-order has no outer_sku_id', () => {
    const order = orderOf(taobaoMapper.map(fixture('taobao-trades-sold.json')).items[1]);

    expect(order.items).toEqual([
      { sku: 'JJ-DUVET-200', name: '新疆长绒棉被芯 200x230', qty: 1, price: '299.00' },
      { sku: 'JJ-CASE', name: '纯棉枕套一对', qty: 3, price: '19.00' },
    ]);
  });

  it.each([
    ['a bare trade', (t: unknown) => t, ''],
    ['{trade}', (t: unknown) => ({ trade: t }), '/trade'],
    ['{trades: [...]} (simplify=true)', (t: unknown) => ({ trades: [t] }), '/trades/0'],
    ['{trades: {trade: [...]}}', (t: unknown) => ({ trades: { trade: [t] } }), '/trades/trade/0'],
    [
      'trade_get_response',
      (t: unknown) => ({ trade_get_response: { trade: t } }),
      '/trade_get_response/trade',
    ],
  ])('accepts %s', (_name, wrap, base) => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');

    const result = taobaoMapper.map(wrap(trade));

    expect(result.basePath(0)).toBe(base);
    expect(orderOf(result.items[0]).externalId).toBe('4012345678901234567');
  });

  it('accepts simplified sub-orders given as a bare array', () => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');
    trade.orders = dig(trade, 'orders').order;

    expect(orderOf(taobaoMapper.map(trade).items[0]).items).toHaveLength(1);
  });

  it('serves tmall with channel "tmall"', () => {
    expect(tmallMapper.channel).toBe('tmall');
    expect(orderOf(tmallMapper.map(fixture('taobao-fullinfo.json')).items[0]).channel).toBe('tmall');
  });

  it.each([
    ['an empty object', {}],
    ['an array', []],
    ['a string', 'tid=1'],
    ['null', null],
    ['the contract envelope', { orders: [{ channel: 'taobao', externalId: 'TB1' }] }],
    ['a PDD order', { order_sn: '251122-093845761234567' }],
  ])('throws BadRequestError for %s', (_name, body) => {
    expect(() => taobaoMapper.map(body)).toThrow(BadRequestError);
  });

  it('throws BadRequestError for a response that holds no trades', () => {
    expect(() => taobaoMapper.map({ trades_sold_get_response: { total_results: 0 } })).toThrow(/no orders/);
  });

  it('reports a list entry that is not an object at its own path', () => {
    const result = taobaoMapper.map({ trades: ['4012345678901234567'] });

    expect(issuesOf(result.items[0])).toEqual([
      { path: '/trades/0', message: 'must be an object (one order)' },
    ]);
  });

  it('throws PayloadTooLargeError for more than 5000 trades', () => {
    const trade = dig(fixture('taobao-fullinfo.json'), 'trade_fullinfo_get_response', 'trade');

    expect(() => taobaoMapper.map({ trades: Array.from({ length: 5001 }, () => trade) })).toThrow(
      PayloadTooLargeError,
    );
  });
});
