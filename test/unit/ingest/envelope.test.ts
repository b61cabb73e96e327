import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../../src/ingest/envelope.js';
import { BadRequestError, PayloadTooLargeError } from '../../../src/lib/errors.js';

function badRequest(fn: () => unknown): BadRequestError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BadRequestError) return err;
    throw err;
  }
  throw new Error('expected a BadRequestError');
}

describe('readEnvelope', () => {
  it('returns the items when the body has 1..max of them under the key', () => {
    const orders = [{ a: 1 }, 'anything', null];
    expect(readEnvelope({ orders }, 'orders')).toBe(orders);
    expect(readEnvelope({ events: [{}] }, 'events')).toEqual([{}]);
  });

  it('ignores other top-level keys when the key is present', () => {
    expect(readEnvelope({ orders: [1], source: 'erp' }, 'orders')).toEqual([1]);
  });

  it.each([
    [null, '请求体必须是 JSON 对象'],
    [[{ channel: 'taobao' }], '请求体必须是 JSON 对象'],
    ['orders', '请求体必须是 JSON 对象'],
    [42, '请求体必须是 JSON 对象'],
    [{}, '缺少 "orders" 数组'],
    [{ order: [] }, '缺少 "orders" 数组'],
    [{ orders: null }, '"orders" 必须是数组'],
    [{ orders: { 0: {} } }, '"orders" 必须是数组'],
    [{ orders: 'x' }, '"orders" 必须是数组'],
    [{ orders: [] }, '"orders" 至少要有 1 条'],
  ])('throws invalid_envelope when the body is %j', (body, fragment) => {
    const err = badRequest(() => readEnvelope(body, 'orders'));
    expect(err.code).toBe('invalid_envelope');
    expect(err.message).toContain(fragment);
  });

  it('points to the right endpoint when events are posted to the orders endpoint', () => {
    const err = badRequest(() => readEnvelope({ events: [{}] }, 'orders'));
    expect(err.message).toContain('/api/v1/events');
  });

  it('throws PayloadTooLargeError naming the limit when there are more than max items', () => {
    const call = () => readEnvelope({ orders: new Array(5001).fill({}) }, 'orders');
    expect(call).toThrow(PayloadTooLargeError);
    expect(call).toThrow(/最多 5000 条，收到 5001 条/);
  });

  it('accepts exactly max items and honours a custom max', () => {
    expect(readEnvelope({ events: new Array(5000).fill({}) }, 'events')).toHaveLength(5000);
    expect(() => readEnvelope({ events: [1, 2, 3] }, 'events', 2)).toThrow(PayloadTooLargeError);
  });
});
