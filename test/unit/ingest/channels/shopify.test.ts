import { describe, expect, it } from 'vitest';

import { shopifyMapper } from '../../../../src/ingest/channels/shopify.js';
import { BadRequestError } from '../../../../src/lib/errors.js';
import { fixture, fixtureText, issuesOf, orderOf } from './helpers.js';

const webhook = (): Record<string, unknown> =>
  fixture('shopify-orders-create.json') as Record<string, unknown>;

describe('shopify mapper', () => {
  it('maps an orders/create webhook body to the contract Order', () => {
    const result = shopifyMapper.map(webhook());

    expect(result.basePath(0)).toBe('');
    expect(orderOf(result.items[0])).toEqual({
      channel: 'shopify',
      externalId: '5940139491234',
      status: 'paid',
      amount: '86.40',
      currency: 'USD',
      buyer: { name: 'Emily Chen', phone: '+1 415-555-0134' },
      address: {
        province: 'California',
        city: 'San Francisco',
        district: '',
        detail: '455 Market St Apt 12',
      },
      items: [{ sku: 'SCARF-SILK-JADE', name: 'Silk Scarf - Jade', qty: 2, price: '39.00' }],
      createdAt: '2026-11-21T19:05:12-05:00',
      paidAt: '2026-11-21T19:05:10-05:00',
      remark: 'Gift wrap please',
      updatedAt: '2026-11-21T19:05:14-05:00',
    });
  });

  it.each([
    // financial_status, fulfillment_status, cancelled_at → status
    ['pending', null, null, 'created'],
    ['authorized', null, null, 'paid'],
    ['partially_paid', null, null, 'paid'],
    ['paid', null, null, 'paid'],
    ['partially_refunded', null, null, 'paid'],
    ['paid', 'partial', null, 'packed'],
    ['paid', 'fulfilled', null, 'shipped'],
    ['partially_refunded', 'fulfilled', null, 'shipped'],
    ['refunded', 'fulfilled', null, 'closed'],
    ['refunded', null, null, 'closed'],
    ['voided', null, null, 'cancelled'],
    ['paid', null, '2026-11-22T08:00:00-05:00', 'cancelled'],
    ['refunded', null, '2026-11-22T08:00:00-05:00', 'cancelled'],
  ])(
    'maps financial %s, fulfillment %s, cancelled_at %s to %s',
    (financial, fulfillment, cancelledAt, expected) => {
      const order = webhook();
      Object.assign(order, {
        financial_status: financial,
        fulfillment_status: fulfillment,
        cancelled_at: cancelledAt,
      });

      expect(orderOf(shopifyMapper.map(order).items[0]).status).toBe(expected);
    },
  );

  it('sets no paidAt for a pending order', () => {
    const order = webhook();
    order.financial_status = 'pending';

    expect(orderOf(shopifyMapper.map(order).items[0]).paidAt).toBeUndefined();
  });

  it('reports an unknown financial_status at its native path', () => {
    const order = webhook();
    order.financial_status = 'bartered';

    expect(issuesOf(shopifyMapper.map(order).items[0])).toEqual([
      { path: '/financial_status', message: 'unknown Shopify financial_status "bartered"' },
    ]);
  });

  it('takes the exact id from admin_graphql_api_id when the JSON id is beyond 2^53', () => {
    const text = fixtureText('shopify-orders-create.json')
      .replace('"id": 5940139491234', '"id": 820982911946154508')
      .replace('gid://shopify/Order/5940139491234', 'gid://shopify/Order/820982911946154508');

    expect(orderOf(shopifyMapper.map(JSON.parse(text)).items[0]).externalId).toBe('820982911946154508');
  });

  it('falls back to the customer when the shipping address has no name or phone', () => {
    const order = webhook();
    order.shipping_address = null;
    order.customer = { first_name: 'Wei', last_name: 'Zhang', phone: '+8613800138000' };

    expect(orderOf(shopifyMapper.map(order).items[0]).buyer).toEqual({
      name: 'Wei Zhang',
      phone: '+8613800138000',
    });
    expect(orderOf(shopifyMapper.map(order).items[0]).address).toBeUndefined();
  });

  it('reports a missing created_at at its native path', () => {
    const order = webhook();
    delete order.created_at;

    expect(issuesOf(shopifyMapper.map(order).items[0])).toEqual([
      { path: '/created_at', message: 'is required' },
    ]);
  });

  it('reports a created_at without an offset rather than guessing a zone', () => {
    const order = webhook();
    order.created_at = '2026-11-21 19:05:12';

    expect(issuesOf(shopifyMapper.map(order).items[0])).toEqual([
      { path: '/created_at', message: expect.stringContaining('with offset') },
    ]);
  });

  it('maps each order of {orders: [...]} under its own path and rejects only the bad one', () => {
    const bad = webhook();
    bad.total_price = 'eighty';

    const result = shopifyMapper.map({ orders: [webhook(), bad] });

    expect(result.basePath(1)).toBe('/orders/1');
    expect(result.items[0]?.ok).toBe(true);
    expect(issuesOf(result.items[1])).toEqual([
      { path: '/orders/1/total_price', message: expect.stringContaining('amount in yuan') },
    ]);
  });

  it('accepts a REST {order: {...}} response', () => {
    const result = shopifyMapper.map({ order: webhook() });

    expect(result.basePath(0)).toBe('/order');
    expect(orderOf(result.items[0]).externalId).toBe('5940139491234');
  });

  it.each([
    ['an empty object', {}],
    ['a Taobao trade', { tid_str: '4012345678901234567', status: 'WAIT_SELLER_SEND_GOODS' }],
    ['a Douyin response', { code: 10000, data: { shop_order_list: [] } }],
  ])('throws BadRequestError for %s', (_name, body) => {
    expect(() => shopifyMapper.map(body)).toThrow(BadRequestError);
  });
});
