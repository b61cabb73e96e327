import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressHash } from '../../../src/domain/address.js';
import { canonicalJson, validateEvent } from '../../../src/ingest/validate-event.js';

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'taobao',
    externalId: 'TB20261122001',
    type: 'picked',
    at: '2026-11-22T09:30:00+08:00',
    data: {},
    ...overrides,
  };
}

function valid(v: unknown) {
  const r = validateEvent(v, '/events/0');
  if (!r.ok) throw new Error(`expected a valid event, got ${JSON.stringify(r.issues)}`);
  return r.event;
}

function issuesOf(v: unknown, path = '/events/0') {
  const r = validateEvent(v, path);
  if (r.ok) throw new Error('expected issues, got a valid event');
  return r.issues;
}

const address = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路\u3000１号' };

describe('validateEvent', () => {
  it('maps the contract example to an EventInput when every field is valid', () => {
    const input = event({ eventId: 'evt-1' });
    expect(valid(input)).toEqual({
      idempotencyKey: 'id:taobao:evt-1',
      eventId: 'evt-1',
      channel: 'taobao',
      externalId: 'TB20261122001',
      type: 'picked',
      at: new Date('2026-11-22T01:30:00Z'),
      data: { type: 'picked' },
      rawData: {},
    });
  });

  it.each([
    ['paid', undefined, { type: 'paid' }],
    ['picked', null, { type: 'picked' }],
    ['packed', { operator: 'w1' }, { type: 'packed' }],
    [
      'shipped',
      { trackingNo: ' SF1234567890 ', carrier: '顺丰' },
      { type: 'shipped', trackingNo: 'SF1234567890', carrier: '顺丰' },
    ],
    ['logistics', { status: 'in_transit' }, { type: 'logistics', status: 'in_transit', description: '' }],
    [
      'logistics',
      { status: 'exception', description: '包裹破损\n已联系' },
      { type: 'logistics', status: 'exception', description: '包裹破损\n已联系' },
    ],
    [
      'refund_requested',
      { refundId: 'R1', amount: '19.99' },
      { type: 'refund_requested', refundId: 'R1', amountFen: 1999, reason: '' },
    ],
    [
      'refund_requested',
      { refundId: 'R1', amount: 19.99, reason: '<b>不想要了</b>' },
      { type: 'refund_requested', refundId: 'R1', amountFen: 1999, reason: '<b>不想要了</b>' },
    ],
    ['refund_cancelled', { refundId: 'R1' }, { type: 'refund_cancelled', refundId: 'R1' }],
    ['cancelled', undefined, { type: 'cancelled', reason: '' }],
    [
      'cancelled',
      { reason: "'; DROP TABLE orders;--" },
      { type: 'cancelled', reason: "'; DROP TABLE orders;--" },
    ],
    [
      'address_changed',
      { address },
      {
        type: 'address_changed',
        address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1号' },
        addressHash: addressHash(address),
      },
    ],
    ['remark', { text: '加急\n今天发' }, { type: 'remark', text: '加急\n今天发' }],
  ])('reads %s data %j', (type, data, expected) => {
    expect(valid(event({ type, data })).data).toEqual(expected);
  });

  it('keeps the data verbatim as rawData when it has extra fields', () => {
    const data = { trackingNo: 'SF1', carrier: 'SF', extra: [1, { b: 2 }] };
    expect(valid(event({ type: 'shipped', data })).rawData).toBe(data);
  });

  it.each([
    ['shipped', {}, ['/events/0/data/trackingNo', '/events/0/data/carrier']],
    ['shipped', undefined, ['/events/0/data/trackingNo', '/events/0/data/carrier']],
    ['shipped', { trackingNo: 'SF1\u0000', carrier: 'SF' }, ['/events/0/data/trackingNo']],
    ['logistics', { status: 'lost' }, ['/events/0/data/status']],
    ['logistics', {}, ['/events/0/data/status']],
    ['logistics', { status: 'delivered', description: 'x'.repeat(501) }, ['/events/0/data/description']],
    ['refund_requested', { refundId: 'R1' }, ['/events/0/data/amount']],
    ['refund_requested', { amount: '1.001' }, ['/events/0/data/refundId', '/events/0/data/amount']],
    ['refund_cancelled', {}, ['/events/0/data/refundId']],
    ['cancelled', { reason: 7 }, ['/events/0/data/reason']],
    ['address_changed', {}, ['/events/0/data/address']],
    [
      'address_changed',
      { address: { province: '浙江省' } },
      ['/events/0/data/address/city', '/events/0/data/address/detail'],
    ],
    ['remark', {}, ['/events/0/data/text']],
    ['remark', { text: '  ' }, ['/events/0/data/text']],
    ['picked', 'scanned', ['/events/0/data']],
    ['paid', [], ['/events/0/data']],
  ])('reports %s with data %j at %j', (type, data, paths) => {
    expect(issuesOf(event({ type, data })).map((i) => i.path)).toEqual(paths);
  });

  it('lists the allowed logistics statuses when the status is unknown', () => {
    const [issue] = issuesOf(event({ type: 'logistics', data: { status: 'lost' } }));
    expect(issue?.message).toBe(
      '不支持的物流状态 "lost"，可选: collected, in_transit, out_for_delivery, delivered, exception / unknown logistics status',
    );
  });

  it('reports every envelope problem at once with pointers under the given path', () => {
    const issues = issuesOf(
      {
        eventId: 'e'.repeat(129),
        channel: 'Tao Bao',
        type: 'teleported',
        at: '2026-11-22T09:30:00',
        data: 1,
      },
      '/events/3',
    );
    expect(issues.map((i) => i.path)).toEqual([
      '/events/3/eventId',
      '/events/3/channel',
      '/events/3/externalId',
      '/events/3/type',
      '/events/3/at',
      '/events/3/data',
    ]);
    expect(issues[3]?.message).toContain(
      '不支持的事件类型 "teleported"，可选: paid, picked, packed, shipped',
    );
    expect(issues[4]?.message).toContain('时区偏移');
  });

  it.each([null, [], 'event', 0])('reports one issue at the item path when the event is %j', (v) => {
    expect(issuesOf(v, '/events/2')).toEqual([
      { path: '/events/2', message: '事件必须是 JSON 对象 / event must be an object' },
    ]);
  });

  describe('idempotencyKey', () => {
    it.each([
      ['evt-1', 'id:taobao:evt-1'],
      ['  evt-1 ', 'id:taobao:evt-1'],
      [98765, 'id:taobao:98765'],
    ])('is id:<channel>:<eventId> when eventId is %j', (eventId, key) => {
      expect(valid(event({ eventId })).idempotencyKey).toBe(key);
    });

    it('is h:sha256 of [channel, externalId, type, at, data] when there is no eventId', () => {
      const data = { carrier: 'SF', trackingNo: 'SF1' };
      const canonical = JSON.stringify([
        'taobao',
        'TB20261122001',
        'shipped',
        '2026-11-22T01:30:00.000Z',
        data,
      ]);
      const expected = `h:${createHash('sha256').update(canonical).digest('hex')}`;
      expect(valid(event({ type: 'shipped', data })).idempotencyKey).toBe(expected);
    });

    it('is the same when the same event is sent with another offset, key order or omitted data', () => {
      const a = valid(
        event({ type: 'shipped', data: { trackingNo: 'SF1', carrier: 'SF', x: { b: 1, a: 2 } } }),
      );
      const b = valid(
        event({
          type: 'shipped',
          at: '2026-11-22T01:30:00Z',
          data: { x: { a: 2, b: 1 }, carrier: 'SF', trackingNo: 'SF1' },
        }),
      );
      expect(b.idempotencyKey).toBe(a.idempotencyKey);
      expect(valid(event({ data: undefined })).idempotencyKey).toBe(
        valid(event({ data: {} })).idempotencyKey,
      );
    });

    it.each([
      ['type', { type: 'packed' }],
      ['at', { at: '2026-11-22T09:30:01+08:00' }],
      ['order', { externalId: 'TB20261122002' }],
      ['channel', { channel: 'tmall' }],
      ['data', { data: { operator: 'w2' } }],
    ])('differs when the %s differs', (_label, overrides) => {
      expect(valid(event(overrides)).idempotencyKey).not.toBe(valid(event()).idempotencyKey);
    });

    it('does not collide between channels that reuse an eventId', () => {
      const a = valid(event({ eventId: '1' })).idempotencyKey;
      expect(valid(event({ eventId: '1', channel: 'jd' })).idempotencyKey).not.toBe(a);
    });
  });

  it('reports deep data instead of throwing when data is nested beyond what JSON.stringify handles', () => {
    let deep: unknown = {};
    for (let i = 0; i < 200_000; i++) deep = { d: deep };
    const r = validateEvent(event({ data: deep }), '/events/0');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toBe('/events/0/data');
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (v) => {
        const r = validateEvent(v, '/events/0');
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when fields of a valid event are replaced by arbitrary JSON', () => {
    const keys = ['eventId', 'channel', 'externalId', 'type', 'at', 'data'];
    const types = fc.constantFrom(
      'paid',
      'shipped',
      'logistics',
      'refund_requested',
      'address_changed',
      'remark',
    );
    fc.assert(
      fc.property(types, fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()), (type, patch) => {
        const r = validateEvent(event({ type, ...patch }), '/events/0');
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [{ d: 1, c: 2 }] }, '{"a":[{"c":2,"d":1}],"b":1}'],
    [[3, 'x', null], '[3,"x",null]'],
    [{ __proto__x: 1, a: 1 }, '{"__proto__x":1,"a":1}'],
    [JSON.parse('{"__proto__": {"z": 1}, "a": 0}'), '{"__proto__":{"z":1},"a":0}'],
  ])('sorts keys at every depth of %j', (v, json) => {
    expect(canonicalJson(v)).toBe(json);
  });
});
