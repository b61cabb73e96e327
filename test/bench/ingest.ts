// Ingest throughput: batches of 500 orders through the real HTTP API (parse, validate, normalise, one
// transaction, after-commit hand-off) next to a raw `pg` multi-row INSERT … ON CONFLICT of the same rows,
// in the same run on the same database. The ratio is the figure (goal ≥ 0.6, and ≥ 5,000 orders/s).
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../src/http/app.js';
import { createMetrics } from '../../src/http/metrics.js';
import { createChannelIngest } from '../../src/ingest/channel-ingest.js';
import { createIngestService } from '../../src/ingest/ingest-service.js';
import { createDeliveryStore } from '../../src/store/delivery-store.js';
import { createAlertStore } from '../../src/store/alert-store.js';
import { validateOrder } from '../../src/ingest/validate-order.js';
import { systemClock } from '../../src/lib/clock.js';
import type { OrderInput } from '../../src/domain/order.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { orderBody } from '../helpers/orders.js';

const BATCH = 500;
const BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 40);
const WARMUP_BATCHES = 8;
/** Batches in flight at once; both paths are measured at each level. */
const CONCURRENCY = [1, 4];
const REPEATS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs `work` over `items` with at most `limit` in flight; returns elapsed ms. */
async function timed<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
  return performance.now() - t0;
}
const TOKEN = 'bench-token-0123456789';

const provinces = [
  ['浙江省', '杭州市', '余杭区'],
  ['广东省', '深圳市', '南山区'],
  ['上海市', '上海市', '浦东新区'],
  ['四川省', '成都市', '武侯区'],
];

function makeBatch(run: string, b: number): Record<string, unknown>[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const n = b * BATCH + i;
    const [province, city, district] = provinces[n % provinces.length]!;
    return orderBody({
      channel: ['taobao', 'jd', 'pdd', 'douyin'][n % 4],
      externalId: `${run}-${n}`,
      amount: `${(n % 1000) + 1}.${String(n % 100).padStart(2, '0')}`,
      buyer: { name: '王小明', phone: `138${String(10_000_000 + (n % 89_999_999)).padStart(8, '0')}` },
      address: { province, city, district, detail: `文一西路 ${n % 999} 号 ${n % 30} 幢` },
      items: [{ sku: `SKU-${n % 50}`, name: '羊毛大衣', qty: 1 + (n % 3), price: '199.00' }],
      warehouse: `wh-${n % 5}`,
    });
  });
}

/** The naive baseline's SQL: the same rows, already converted, one multi-row VALUES statement per batch. */
async function rawInsert(db: TestDatabase, rows: OrderInput[]): Promise<void> {
  const cols = [
    'channel',
    'external_id',
    'status',
    'status_at',
    'amount_fen',
    'currency',
    'buyer_name',
    'buyer_phone',
    'phone_hash',
    'province',
    'city',
    'district',
    'address_detail',
    'address_hash',
    'items',
    'warehouse',
    'remark',
    'created_at',
    'paid_at',
    'promised_ship_at',
    'raw',
    'received_at',
    'updated_at',
  ];
  const params: unknown[] = [];
  const now = new Date();
  const tuples = rows.map((o) => {
    const vals = [
      o.channel,
      o.externalId,
      o.status,
      o.statusAt,
      o.amountFen,
      o.currency,
      o.buyerName,
      o.buyerPhone,
      o.phoneHash,
      o.address?.province,
      o.address?.city,
      o.address?.district,
      o.address?.detail,
      o.addressHash,
      JSON.stringify(o.items),
      o.warehouse,
      o.remark,
      o.createdAt,
      o.paidAt,
      o.promisedShipAt,
      JSON.stringify(o.raw),
      now,
      now,
    ];
    const start = params.length;
    params.push(...vals);
    return `(${vals.map((_v, i) => `$${start + i + 1}`).join(',')})`;
  });
  const updates = cols
    .slice(2)
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', ');
  await db.pool.query(
    `INSERT INTO orders (${cols.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}
     ON CONFLICT (channel, external_id) DO UPDATE SET ${updates}`,
    params,
  );
}

async function prismaUpsert(db: TestDatabase, o: OrderInput): Promise<void> {
  const now = new Date();
  const data = {
    status: o.status,
    statusAt: o.statusAt,
    amountFen: BigInt(o.amountFen),
    currency: o.currency,
    buyerName: o.buyerName,
    buyerPhone: o.buyerPhone,
    phoneHash: o.phoneHash,
    province: o.address?.province ?? null,
    city: o.address?.city ?? null,
    district: o.address?.district ?? null,
    addressDetail: o.address?.detail ?? null,
    addressHash: o.addressHash,
    items: o.items as never,
    warehouse: o.warehouse,
    remark: o.remark,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    promisedShipAt: o.promisedShipAt,
    raw: o.raw as never,
    updatedAt: now,
  };
  await db.prisma.order.upsert({
    where: { channel_externalId: { channel: o.channel, externalId: o.externalId } },
    create: { channel: o.channel, externalId: o.externalId, receivedAt: now, ...data },
    update: data,
  });
}

export async function benchIngest(): Promise<Record<string, unknown>> {
  const db = await createTestDatabase();
  let handedOn = 0;
  const ingest = createIngestService({
    store: db.store,
    clock: systemClock,
    afterCommit: async (ids) => void (handedOn += ids.length),
  });
  const app = await buildApp({
    apiToken: TOKEN,
    ingest,
    channels: createChannelIngest({ ingest, shopifySecret: null }),
    store: db.store,
    alerts: createAlertStore(db.pool),
    clock: systemClock,
    dryRun: { knownRules: [], run: () => Promise.reject(new Error('not benchmarked')) },
    detection: { sweep: () => Promise.reject(new Error('not benchmarked')) },
    metrics: createMetrics(),
    deliveries: createDeliveryStore(db.pool),
    checks: [],
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const run = randomUUID().slice(0, 8);
    const batches = Array.from({ length: BATCHES }, (_, b) => makeBatch(run, b));
    const bodies = batches.map((orders) => JSON.stringify({ orders }));
    const post = async (body: string) => {
      const res = await fetch(`${url}/api/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body,
      });
      const json = (await res.json()) as { results: { ok: boolean }[] };
      if (res.status !== 200 || json.results.some((r) => !r.ok))
        throw new Error(`ingest failed: ${res.status}`);
    };
    const converted = batches.map((orders) =>
      orders.map((o) => {
        const r = validateOrder(o, '');
        if (!r.ok) throw new Error('fixture invalid');
        return r.order;
      }),
    );
    // Warm-up of both paths (JIT, plan cache), then a clean table before every measured run.
    const warm = Array.from({ length: WARMUP_BATCHES }, (_, b) => makeBatch(`warm-${run}`, b));
    for (const orders of warm) await post(JSON.stringify({ orders }));
    for (const orders of warm)
      await rawInsert(
        db,
        orders.map((o) => (validateOrder(o, '') as { order: OrderInput }).order),
      );

    const n = BATCH * BATCHES;
    const levels: Record<string, unknown> = {};
    for (const c of CONCURRENCY) {
      // Alternate the two paths so machine noise hits both alike; report the medians.
      const api: number[] = [];
      const raw: number[] = [];
      for (let rep = 0; rep < REPEATS; rep++) {
        await db.pool.query('TRUNCATE orders CASCADE');
        api.push((n / (await timed(bodies, c, post))) * 1000);
        await db.pool.query('TRUNCATE orders CASCADE');
        raw.push((n / (await timed(converted, c, (rows) => rawInsert(db, rows)))) * 1000);
      }
      levels[`concurrency_${c}`] = {
        api_orders_per_s: Math.round(median(api)),
        raw_pg_orders_per_s: Math.round(median(raw)),
        ratio: Number((median(api) / median(raw)).toFixed(3)),
        samples: { api: api.map(Math.round), raw: raw.map(Math.round) },
      };
    }
    // The naive approach this replaces: one ORM upsert per order (one batch's worth).
    await db.pool.query('TRUNCATE orders CASCADE');
    const naiveRows = converted[0]!;
    const t0 = performance.now();
    for (const o of naiveRows) await prismaUpsert(db, o);
    const naive = (naiveRows.length / (performance.now() - t0)) * 1000;
    return {
      orders: n,
      batch_size: BATCH,
      ...levels,
      goal: { ratio: 0.6, api_orders_per_s: 5000 },
      handed_on_for_detection: handedOn,
      path: 'HTTP POST /api/v1/orders on 127.0.0.1 (JSON parse, validate, normalise, unnest upsert in one tx, after-commit hand-off)',
      baseline: 'pg multi-row INSERT … VALUES … ON CONFLICT DO UPDATE of the same, pre-validated rows',
      per_row_prisma_upsert_orders_per_s: Math.round(naive),
      naive: 'per-row Prisma upsert, the approach batching replaces',
    };
  } finally {
    await app.close();
    await db.drop();
  }
}
