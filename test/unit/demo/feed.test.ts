// The demo feed's traffic, through a stand-in ingest that validates like the real one (capture.ts).
import { describe, expect, it } from 'vitest';
import { createDemoFeed } from '../../../src/demo/feed.js';
import { seededRandom } from '../../../src/demo/random.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { captureIngest, silentLog, type Body } from './capture.js';

const START = '2026-11-22T12:00:00Z';

/** Runs a feed for `minutes` simulated minutes, a tick every 5 s. */
async function run(seed: number, minutes: number, ratePerMinute = 30) {
  const clock = fakeClock(START);
  const capture = captureIngest();
  const feed = createDemoFeed({
    ingest: capture.ingest,
    clock,
    random: seededRandom(seed),
    log: silentLog,
    ratePerMinute,
  });
  for (let t = 0; t < minutes * 12; t++) {
    clock.advance(5_000);
    await feed.tick();
  }
  return { ...capture, clock, feed };
}

const byOrder = (events: Body[]) => {
  const m = new Map<string, Body[]>();
  for (const e of events) {
    const k = `${String(e.channel)}/${String(e.externalId)}`;
    m.set(k, [...(m.get(k) ?? []), e]);
  }
  return m;
};

describe('createDemoFeed', () => {
  it('sends only bodies the contract validators accept, each event after its order', async () => {
    const c = await run(1, 10);
    expect(c.problems).toEqual([]);
    expect(c.orders.length).toBeGreaterThan(250);
    expect(c.events.length).toBeGreaterThan(c.orders.length);
  });

  it('places about ratePerMinute orders a minute, anomalies with several orders included', async () => {
    const c = await run(2, 10, 12);
    expect(c.orders.length).toBeGreaterThanOrEqual(120);
    expect(c.orders.length).toBeLessThan(200);
  });

  it('spreads orders over every channel and the three warehouses', async () => {
    const c = await run(3, 5);
    expect(new Set(c.orders.map((o) => o.channel))).toEqual(
      new Set(['taobao', 'tmall', 'jd', 'pdd', 'douyin', 'shopify']),
    );
    expect(new Set(c.orders.map((o) => o.warehouse))).toEqual(new Set(['hz-1', 'sh-2', 'gz-3']));
  });

  it('gives each channel its own order number format', async () => {
    const c = await run(4, 5);
    const formats: Record<string, RegExp> = {
      taobao: /^[1-4]\d{18}$/,
      tmall: /^[1-4]\d{18}$/,
      jd: /^3\d{11}$/,
      pdd: /^\d{6}-\d{15}$/,
      douyin: /^69\d{17}$/,
      shopify: /^5\d{12}$/,
    };
    for (const o of c.orders) expect(String(o.externalId)).toMatch(formats[String(o.channel)]!);
    expect(new Set(c.orders.map((o) => `${String(o.channel)}/${String(o.externalId)}`)).size).toBe(
      c.orders.length,
    );
  });

  it('uses Chinese names, mainland mobiles and full addresses, a few in remote regions', async () => {
    const c = await run(5, 10);
    for (const o of c.orders) {
      const buyer = o.buyer as { name: string; phone: string };
      const a = o.address as { province: string; city: string; district: string; detail: string };
      expect(buyer.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(buyer.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(a.province).toMatch(/(省|市|自治区)$/);
      expect(a.city).toMatch(/(市|地区)$/);
      expect(a.district).toMatch(/(区|市)$/);
      expect(a.detail.replace(/\s/g, '').length).toBeGreaterThanOrEqual(5);
    }
    const provinces = c.orders.map((o) => (o.address as { province: string }).province);
    expect(provinces.some((p) => /^(新疆|西藏|青海)/.test(p))).toBe(true);
    expect(new Set(provinces).size).toBeGreaterThan(10);
  });

  it('moves ordinary orders through every stage to delivered, with a waybill when shipped', async () => {
    const c = await run(6, 12);
    const flows = [...byOrder(c.events).values()];
    const delivered = flows.filter((f) =>
      f.some((e) => (e.data as { status?: string }).status === 'delivered'),
    );
    expect(delivered.length).toBeGreaterThan(100);
    const full = delivered.find((f) => f[0]!.type === 'picked')!;
    const stages = full.map((e) => (e.type === 'logistics' ? (e.data as { status: string }).status : e.type));
    expect(stages).toEqual([
      'picked',
      'packed',
      'shipped',
      'collected',
      'in_transit',
      'in_transit',
      'out_for_delivery',
      'delivered',
    ]);
    const shipped = full[2]!.data as { trackingNo: string; carrier: string };
    expect(shipped.trackingNo).toMatch(/^[A-Z0-9]{10,}$/);
    expect(shipped.carrier).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('never sends an event dated after the clock', async () => {
    const c = await run(7, 5);
    const now = c.clock.now().getTime();
    for (const e of c.events) expect(new Date(String(e.at)).getTime()).toBeLessThanOrEqual(now);
  });

  it('replays the same traffic from the same seed and different traffic from another', async () => {
    const [a, b, other] = await Promise.all([run(42, 3), run(42, 3), run(43, 3)]);
    expect(b.orders).toEqual(a.orders);
    expect(b.events).toEqual(a.events);
    expect(other.orders).not.toEqual(a.orders);
  });

  it('injects a burst of orders paid 2–5 h ago in one warehouse when burst is called', async () => {
    const clock = fakeClock(START);
    const c = captureIngest();
    const feed = createDemoFeed({ ingest: c.ingest, clock, random: seededRandom(8), log: silentLog });
    expect(await feed.burst({ count: 25, warehouse: 'gz-3' })).toEqual({ injected: 25 });
    expect(c.problems).toEqual([]);
    expect(c.orders).toHaveLength(25);
    for (const o of c.orders) {
      expect(o).toMatchObject({ status: 'paid', warehouse: 'gz-3' });
      const hours = (clock.now().getTime() - new Date(String(o.paidAt)).getTime()) / 3_600_000;
      expect(hours).toBeGreaterThan(2);
      expect(hours).toBeLessThanOrEqual(5);
    }
  });

  it('defaults a burst to 60 orders for hz-1', async () => {
    const c = captureIngest();
    const feed = createDemoFeed({
      ingest: c.ingest,
      clock: fakeClock(START),
      random: seededRandom(9),
      log: silentLog,
    });
    expect(await feed.burst()).toEqual({ injected: 60 });
    expect(c.orders.every((o) => o.warehouse === 'hz-1')).toBe(true);
  });

  it('reports running between start and stop', () => {
    const feed = createDemoFeed({ ingest: captureIngest().ingest, clock: fakeClock(START), log: silentLog });
    expect(feed.running).toBe(false);
    feed.start();
    expect(feed.running).toBe(true);
    feed.stop();
    expect(feed.running).toBe(false);
  });
});
