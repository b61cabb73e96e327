// Redis (the BullMQ backend) killed and restarted twice during a storm, on a private redis-server with an
// append-only file as deployed: detection hand-offs, the relay and sweep schedulers and in-flight jobs
// survive, ingest waits for Redis instead of dropping work, and nothing is delivered twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { appProcess, dropLogs, keepLogs, type AppProcess } from './helpers/app-process.js';
import { explain } from './helpers/explain.js';
import { runStorm, sleep } from './helpers/harness.js';
import { faultTeams, startPlatforms, type Platforms } from './helpers/platforms.js';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-servers.js';
import { suiteRng } from './helpers/rng.js';
import { faultNamespace } from './helpers/queues.js';
import { planOrders } from './helpers/traffic.js';

const rng = suiteRng('redis restart');
const namespace = faultNamespace();
let db: TestDatabase;
let redis: PrivateRedis;
let platforms: Platforms;
let app: AppProcess;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  redis = await startPrivateRedis();
  platforms = await startPlatforms({ teams: faultTeams(16) });
  app = await appProcess({
    name: `redis-${rng.seed}`,
    role: 'all',
    env: {
      ...platforms.env,
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_BACKEND: 'redis',
      QUEUE_NAMESPACE: namespace,
      SWEEP_INTERVAL_SECONDS: '5',
    },
  });
  await app.start();
  platforms.callbacksTo(app.url!);
});

afterAll(async () => {
  await app?.stop();
  await redis?.stop();
  await platforms?.close();
  await db?.drop();
  dropLogs();
});

describe('Redis restarted mid-run', () => {
  it('loses and duplicates nothing when Redis is killed and restarted twice during a storm', async () => {
    const orders = planOrders(`R${rng.seed % 100000}-`, 200, platforms.teams, rng);
    const restarts: string[] = [];
    try {
      const { count } = await runStorm({
        rng,
        platforms,
        pool: db.pool,
        apis: () => [app.url!],
        orders,
        batchSize: 10,
        pause: [200, 500],
        taps: 30,
        async chaos({ done }) {
          for (let k = 0; k < 2; k++) {
            await sleep(rng.int(2_000, 4_000));
            await redis.restart(rng.int(500, 3_000));
            restarts.push(done() ? 'after the last order' : 'during the storm');
          }
        },
      });
      console.log(`[faults] restarts: ${restarts.join(', ')}`);
      if (count.problems.length) console.log(await explain(db.pool, platforms, count.problems));
      expect(count.problems).toEqual([]);
      expect(count.alerts).toBe(orders.length);
      expect(count.actionsOk).toBe(count.clicks);
      expect(app.running()).toBe(true); // it rode the outage out, no restart needed
      expect(app.starts).toBe(1);
    } catch (err) {
      keepLogs();
      console.log(`[faults] seed ${rng.seed}; log ${app.logFile}:\n${app.tail(60)}`);
      throw err;
    }
  });
});
