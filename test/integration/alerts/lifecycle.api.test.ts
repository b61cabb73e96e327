// The alert lifecycle through the API: one unresolved alert per (rule, order) under concurrency, the
// history it leaves, GET /api/v1/alerts filters and pagination, bad queries, and the order's own alerts.
// The clock starts at 2026-11-22T12:00:00Z = 20:00 Asia/Shanghai; times below are Shanghai wall times.
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, event, order, queryString, useAlertApi, type AlertJson } from './alerts-api.js';

const api = useAlertApi();

/** A paid order with its own phone; paid at 08:01 (12 h ago, stuck) unless told otherwise. */
const paid = (externalId: string, extra: Record<string, unknown> = {}) =>
  order({
    externalId,
    buyer: { name: '赵六', phone: api.phone() },
    status: 'paid',
    createdAt: '2026-11-22T08:00:00+08:00',
    paidAt: '2026-11-22T08:01:00+08:00',
    promisedShipAt: '2026-11-30T18:00:00+08:00',
    ...extra,
  });
const TEST_ADDRESS = {
  province: '浙江省',
  city: '杭州市',
  district: '余杭区',
  detail: '文一西路 969 号 测试仓',
};
const recent = { createdAt: '2026-11-22T19:29:00+08:00', paidAt: '2026-11-22T19:30:00+08:00' };

const unresolvedDuplicates = async () =>
  (
    await api.db.pool.query<{ rule: string; order_id: string; n: number }>(
      `SELECT rule, order_id, count(*)::int AS n FROM alerts WHERE state <> 'resolved'
       GROUP BY rule, order_id HAVING count(*) > 1`,
    )
  ).rows;

const unresolvedPerOrder = async () =>
  (
    await api.db.pool.query<{ external_id: string; rule: string; n: number }>(
      `SELECT o.external_id, a.rule, count(*)::int AS n FROM alerts a JOIN orders o ON o.id = a.order_id
       WHERE a.state <> 'resolved' GROUP BY o.external_id, a.rule ORDER BY 1, 2`,
    )
  ).rows;

describe('one unresolved alert per (rule, order) under concurrency', () => {
  it('parallel re-posts of the same orders, parallel identical events and parallel sweeps leave exactly one per rule and order', async () => {
    const ids = [api.id('RACE'), api.id('RACE'), api.id('RACE')];
    // Each order fires stuck_unpicked (12 h), logistics_remote_region, suspect_vague_address and
    // suspect_test_order at once (the words are in the address; the remark stays empty so the remark
    // classifier has nothing to read); refund RF1 adds refund_approval. The conditions stay steady while
    // the requests race (RF2 only changes refund_approval's details), so the outcome is known.
    const bodies = ids.map((id) =>
      paid(id, {
        address: {
          province: '新疆维吾尔自治区',
          city: '乌鲁木齐市',
          district: '天山区',
          detail: '火车站附近测试',
        },
        remark: '',
      }),
    );
    await api.orders(...bodies);
    await api.events(
      ...ids.map((id) =>
        event(id, 'refund_requested', '2026-11-22T19:10:00+08:00', { refundId: 'RF1', amount: '9.90' }),
      ),
    );
    const expectedRules = [
      'logistics_remote_region',
      'refund_approval',
      'stuck_unpicked',
      'suspect_test_order',
      'suspect_vague_address',
    ];

    // Every re-post differs (updatedAt), so each one is a real change and re-evaluates all three orders.
    const reposts = Array.from({ length: 8 }, (_, i) =>
      api.inject('POST', '/api/v1/orders', {
        orders: bodies.map((b) => ({ ...b, updatedAt: `2026-11-22T19:0${i}:00+08:00` })),
      }),
    );
    const refunds = Array.from({ length: 6 }, () =>
      api.inject('POST', '/api/v1/events', {
        events: ids.map((id) =>
          event(id, 'refund_requested', '2026-11-22T19:15:00+08:00', { refundId: 'RF2', amount: '19.90' }),
        ),
      }),
    );
    const sweeps = Array.from({ length: 6 }, () => api.inject('POST', '/api/v1/sweep'));
    const responses = await Promise.all([...reposts, ...refunds, ...sweeps]);
    expect(
      responses.filter((r) => r.statusCode !== 200).map((r) => r.body),
      'every concurrent request succeeds',
    ).toEqual([]);

    expect(await unresolvedDuplicates()).toEqual([]);
    expect(await unresolvedPerOrder()).toEqual(
      ids.flatMap((id) => expectedRules.map((rule) => ({ external_id: id, rule, n: 1 }))),
    );
    // Nothing flapped: with the conditions steady no alert was resolved and reopened.
    const { rows } = await api.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alerts WHERE state = 'resolved'`,
    );
    expect(rows[0]!.n).toBe(0);
    const refundRows = await api.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM order_events WHERE type = 'refund_requested'`,
    );
    expect(refundRows.rows[0]!.n).toBe(6);
    // Each alert was opened exactly once and never re-graded (the severities did not change).
    const opened = await api.db.pool.query<{ alert_id: string; n: number }>(
      `SELECT a.id AS alert_id, count(h.id)::int AS n FROM alerts a
       LEFT JOIN alert_history h ON h.alert_id = a.id AND h.change = 'opened' GROUP BY a.id`,
    );
    expect(opened.rows).toHaveLength(ids.length * expectedRules.length);
    expect(opened.rows.every((r) => r.n === 1)).toBe(true);
    const regraded = await api.db.pool.query(`SELECT 1 FROM alert_history WHERE change <> 'opened'`);
    expect(regraded.rows).toEqual([]);
  });

  it('parallel sweeps racing the clock past a threshold open exactly one alert, escalated once', async () => {
    const id = api.id('RACE');
    await api.orders(
      paid(id, { paidAt: '2026-11-22T17:00:00+08:00', createdAt: '2026-11-22T16:59:00+08:00' }),
    );
    const first = await api.only(id, 'stuck_unpicked');
    expect(first.severity).toBe('warning'); // 3 h

    api.clock.advance(1 * HOUR); // 4 h: critical
    const results = await Promise.all(Array.from({ length: 8 }, () => api.sweep()));
    expect(results.reduce((n, r) => n + r.changed, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.opened, 0)).toBe(0);
    expect(await api.only(id, 'stuck_unpicked')).toMatchObject({ id: first.id, severity: 'critical' });
    expect((await api.history(first.id)).map((h) => h.change)).toEqual(['opened', 'severity']);
    expect(await unresolvedDuplicates()).toEqual([]);
  });
});

describe('alert history and the sweep answer', () => {
  it('records opened, severity and resolved rows with their details', async () => {
    const id = api.id('HIST');
    await api.orders(
      paid(id, { createdAt: '2026-11-22T17:29:00+08:00', paidAt: '2026-11-22T17:30:00+08:00' }),
    );
    const alert = await api.only(id, 'stuck_unpicked'); // 2 h 30 min: warning
    api.clock.advance(90 * MINUTE); // 4 h
    await api.sweep();
    await api.events(event(id, 'picked', '2026-11-22T21:29:00+08:00'));
    const resolved = await api.only(id, 'stuck_unpicked');
    expect(resolved).toMatchObject({
      id: alert.id,
      state: 'resolved',
      resolvedAt: '2026-11-22T13:30:00.000Z',
    });

    expect(await api.history(alert.id)).toEqual([
      { change: 'opened', detail: { severity: 'warning' } },
      { change: 'severity', detail: { severity: 'critical' } },
      { change: 'resolved', detail: { reason: resolved.resolveReason } },
    ]);
    const at = await api.db.pool.query<{ at: Date }>(
      'SELECT at FROM alert_history WHERE alert_id = $1 ORDER BY id',
      [alert.id],
    );
    expect(at.rows.map((r) => r.at.toISOString())).toEqual([
      '2026-11-22T12:00:00.000Z',
      '2026-11-22T13:30:00.000Z',
      '2026-11-22T13:30:00.000Z',
    ]);
  });

  it('answers the sweep with counts and its duration, and a second sweep changes nothing', async () => {
    await api.orders(
      paid(api.id('SWEEP'), { paidAt: '2026-11-22T18:00:00+08:00', createdAt: '2026-11-22T17:59:00+08:00' }),
    );
    api.clock.advance(2 * HOUR);
    const first = await api.sweep();
    for (const key of ['opened', 'resolved', 'changed', 'took_ms'] as const) {
      expect(first[key], key).toEqual(expect.any(Number));
    }
    expect(first).toMatchObject({ opened: 0, changed: 1, resolved: 0 }); // opened on ingest, critical at 4 h
    expect(await api.sweep()).toMatchObject({ opened: 0, changed: 0, resolved: 0 });
  });
});

describe('GET /api/v1/alerts', () => {
  /** taobao: one open stuck + one resolved stuck + a refund; jd: a test order; pdd: a carrier exception. */
  async function seed() {
    const ids = {
      stuck: api.id('LIST'),
      picked: api.id('LIST'),
      refund: api.id('LIST'),
      testOrder: api.id('LIST'),
      exception: api.id('LIST'),
    };
    await api.orders(paid(ids.stuck), paid(ids.picked));
    api.clock.advance(1 * MINUTE);
    await api.events(event(ids.picked, 'picked', '2026-11-22T20:00:30+08:00'));
    await api.orders(paid(ids.refund, recent));
    await api.events(
      event(ids.refund, 'refund_requested', '2026-11-22T19:40:00+08:00', { refundId: 'R', amount: '10.00' }),
    );
    api.clock.advance(1 * MINUTE);
    await api.orders({ ...paid(ids.testOrder, { ...recent, address: TEST_ADDRESS }), channel: 'jd' });
    await api.orders({ ...paid(ids.exception, recent), channel: 'pdd' });
    await api.events(
      event(
        ids.exception,
        'shipped',
        '2026-11-22T19:40:00+08:00',
        { trackingNo: 'YD1', carrier: '韵达' },
        { channel: 'pdd' },
      ),
      event(
        ids.exception,
        'logistics',
        '2026-11-22T19:50:00+08:00',
        { status: 'exception', description: '地址错误' },
        { channel: 'pdd' },
      ),
    );
    const all = (await api.list({ limit: 100 })).alerts;
    return { ids, all };
  }

  it('filters by state, kind, rule, channel and externalId (and combinations), newest first', async () => {
    const { ids, all } = await seed();
    expect(all.map((a) => [a.order.externalId, a.rule, a.state]).sort()).toEqual(
      [
        [ids.exception, 'logistics_exception', 'open'],
        [ids.picked, 'stuck_unpicked', 'resolved'],
        [ids.refund, 'refund_approval', 'open'],
        [ids.stuck, 'stuck_unpicked', 'open'],
        [ids.testOrder, 'suspect_test_order', 'open'],
      ].sort(),
    );
    expect(
      all.every((a) => a.team === 'ops' && a.mutedReason === null && a.claimedBy === null && a.level === 0),
    ).toBe(true);
    const openedAt = all.map((a) => a.openedAt);
    expect([...openedAt].sort().reverse()).toEqual(openedAt);

    const cases: [Record<string, string>, (a: AlertJson) => boolean][] = [
      [{ state: 'open' }, (a) => a.state === 'open'],
      [{ state: 'resolved' }, (a) => a.state === 'resolved'],
      [{ state: 'claimed' }, () => false],
      [{ state: 'silenced' }, () => false],
      [{ kind: 'stuck' }, (a) => a.kind === 'stuck'],
      [{ kind: 'suspect' }, (a) => a.kind === 'suspect'],
      [{ kind: 'logistics' }, (a) => a.kind === 'logistics'],
      [{ kind: 'refund' }, (a) => a.kind === 'refund'],
      [{ rule: 'stuck_unpicked' }, (a) => a.rule === 'stuck_unpicked'],
      [{ rule: 'no_such_rule' }, () => false],
      [{ channel: 'jd' }, (a) => a.order.channel === 'jd'],
      [{ channel: 'pdd' }, (a) => a.order.channel === 'pdd'],
      [{ externalId: ids.stuck }, (a) => a.order.externalId === ids.stuck],
      [
        { channel: 'taobao', kind: 'stuck', state: 'open' },
        (a) => a.order.channel === 'taobao' && a.kind === 'stuck' && a.state === 'open',
      ],
      [{ channel: 'jd', externalId: ids.stuck }, () => false],
    ];
    for (const [query, keep] of cases) {
      const got = (await api.list(query)).alerts.map((a) => a.id);
      expect(got, JSON.stringify(query)).toEqual(all.filter(keep).map((a) => a.id));
    }
    expect((await api.list({ state: 'resolved' })).alerts[0]).toMatchObject({
      order: { externalId: ids.picked },
      resolvedAt: '2026-11-22T12:01:00.000Z',
      resolveReason: expect.stringMatching(/picking/),
    });
  });

  it('walks every page with limit=2: no duplicates, no gaps, in the unpaged order (ties on openedAt included)', async () => {
    const { all } = await seed();
    // Four more alerts at the very same openedAt, so the keyset must break ties by id.
    await api.orders(...Array.from({ length: 4 }, () => paid(api.id('PAGE'))));
    const full = (await api.list({ limit: 100 })).alerts.map((a) => a.id);
    expect(full).toHaveLength(all.length + 4);

    const walk = async (q: Record<string, string | number>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const { alerts, next } = await api.list({ ...q, cursor });
        expect(alerts.length).toBeLessThanOrEqual(Number(q.limit));
        seen.push(...alerts.map((a) => a.id));
        if (next === null) return seen;
        expect(alerts).toHaveLength(Number(q.limit));
        cursor = next;
      }
      throw new Error('pagination did not end');
    };
    const paged = await walk({ limit: 2 });
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toEqual(full);

    const stuck = (await api.list({ kind: 'stuck', limit: 100 })).alerts.map((a) => a.id);
    expect(await walk({ kind: 'stuck', limit: 1 })).toEqual(stuck);
    expect(await walk({ limit: full.length })).toEqual(full); // exactly one full page: next is null
  });

  it.each([
    ['state=bogus', 'invalid_query'],
    ['state=OPEN', 'invalid_query'],
    ['kind=fraud', 'invalid_query'],
    ['limit=0', 'invalid_query'],
    ['limit=10001', 'invalid_query'],
    ['limit=-1', 'invalid_query'],
    ['limit=1.5', 'invalid_query'],
    ['limit=ten', 'invalid_query'],
    ['cursor=garbage', 'invalid_cursor'],
    [`cursor=${Buffer.from('not-a-date|x').toString('base64url')}`, 'invalid_cursor'],
    [`cursor=${Buffer.from('2026-11-22T12:00:00.000Z|not-a-uuid').toString('base64url')}`, 'invalid_cursor'],
  ])('answers 400 for %s', async (query, error) => {
    const res = await api.inject('GET', `/api/v1/alerts?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error, message: expect.any(String) });
  });

  it('accepts the documented limits 1 and 10000', async () => {
    for (const limit of [1, 10_000]) {
      const res = await api.inject('GET', `/api/v1/alerts${queryString({ limit })}`);
      expect(res.statusCode).toBe(200);
    }
  });
});

describe('GET /api/v1/orders/:channel/:externalId', () => {
  it('lists the order’s own alerts, resolved ones included, and no other order’s', async () => {
    const id = api.id('ORDER');
    const other = api.id('ORDER');
    await api.orders(
      paid(id, { address: TEST_ADDRESS }),
      paid(other, {
        address: { province: '西藏自治区', city: '拉萨市', district: '', detail: '北京中路 1 号' },
      }),
    );
    await api.events(event(id, 'picked', '2026-11-22T19:59:00+08:00'));
    const view = await api.order(id);
    const mine = (await api.list({ externalId: id, channel: 'taobao' })).alerts;
    expect(view.alerts.map((a) => a.id)).toEqual(mine.map((a) => a.id));
    expect(view.alerts.map((a) => [a.rule, a.state]).sort()).toEqual([
      ['stuck_unpicked', 'resolved'],
      ['suspect_test_order', 'open'],
    ]);
    expect(view.alerts.every((a) => a.order.externalId === id)).toBe(true);
    expect((await api.order(other)).alerts.map((a) => a.rule)).toContain('logistics_remote_region');
  });
});
