import { describe, expect, it } from 'vitest';

import { channelMappers, getChannelMapper } from '../../../../src/ingest/channels/index.js';
import { validateOrder } from '../../../../src/ingest/validate-order.js';
import { fixture, orderOf } from './helpers.js';

describe('channel mapper registry', () => {
  it.each(['taobao', 'tmall', 'jd', 'pdd', 'douyin', 'shopify'])('returns the mapper for %s', (channel) => {
    expect(getChannelMapper(channel)?.channel).toBe(channel);
  });

  it('lists exactly the six mapped channels', () => {
    expect(Object.keys(channelMappers).sort()).toEqual(['douyin', 'jd', 'pdd', 'shopify', 'taobao', 'tmall']);
  });

  it.each(['kuaishou', 'miniapp', 'TAOBAO', '', '__proto__', 'toString', 'constructor'])(
    'returns undefined for %j, which has no native mapping',
    (channel) => {
      expect(getChannelMapper(channel)).toBeUndefined();
    },
  );

  it.each([
    ['taobao', 'taobao-fullinfo.json'],
    ['tmall', 'taobao-trades-sold.json'],
    ['jd', 'jd-order-search.json'],
    ['pdd', 'pdd-order-information.json'],
    ['douyin', 'douyin-order-detail.json'],
    ['shopify', 'shopify-orders-create.json'],
  ])('maps the %s fixture to orders of that channel', (channel, file) => {
    const result = getChannelMapper(channel)?.map(fixture(file));

    expect(result?.items.length).toBeGreaterThan(0);
    for (const item of result?.items ?? []) expect(orderOf(item).channel).toBe(channel);
  });

  it.each([
    ['taobao', 'taobao-fullinfo.json'],
    ['tmall', 'taobao-trades-sold.json'],
    ['jd', 'jd-order-search.json'],
    ['jd', 'jd-order-get.json'],
    ['pdd', 'pdd-order-information.json'],
    ['pdd', 'pdd-order-increment.json'],
    ['douyin', 'douyin-order-detail.json'],
    ['douyin', 'douyin-order-search.json'],
    ['shopify', 'shopify-orders-create.json'],
  ])('produces %s orders from %s that the common order validator accepts', (channel, file) => {
    const result = getChannelMapper(channel)?.map(fixture(file));

    result?.items.forEach((item, i) => {
      expect(validateOrder(orderOf(item), result.basePath(i))).toMatchObject({ ok: true });
    });
  });
});
