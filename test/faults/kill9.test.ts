// kill -9 at random moments of a storm: the process dies mid-ingest, mid-detection, mid-send and
// mid-tap, comes back, and in the end every alert has exactly one card at each target and every tap was
// applied exactly once — counted at the emulated platforms and the ERP, which outlive the process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { REDIS_URL } from '../helpers/env.js';
import { appProcess, dropLogs, keepLogs, type AppProcess } from './helpers/app-process.js';
import { explain } from './helpers/explain.js';
import { runStorm, sleep } from './helpers/harness.js';
import { faultTeams, startPlatforms, type Platforms } from './helpers/platforms.js';
import { suiteRng } from './helpers/rng.js';
import { dropQueues, faultNamespace } from './helpers/queues.js';
import { planOrders } from './helpers/traffic.js';

const rng = suiteRng('kill -9');
const namespace = faultNamespace();
let db: TestDatabase;
let platforms: Platforms;
let app: AppProcess;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  platforms = await startPlatforms({ teams: faultTeams(24) });
  app = await appProcess({
    name: `kill9-${rng.seed}`,
    role: 'all',
    env: {
      ...platforms.env,
      DATABASE_URL: db.url,
      REDIS_URL,
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
  await platforms?.close();
  await db?.drop();
  if (app) await dropQueues(REDIS_URL, namespace);
  dropLogs();
});

describe('kill -9 during a storm', () => {
  it('delivers every alert exactly once and applies every tap exactly once across 4 kills', async () => {
    const orders = planOrders(`K${rng.seed % 100000}-`, 360, platforms.teams, rng);
    const kills: string[] = [];
    try {
      const { count } = await runStorm({
        rng,
        platforms,
        pool: db.pool,
        apis: () => (app.running() ? [app.url!] : []),
        orders,
        batchSize: 12,
        pause: [100, 400],
        taps: 60,
        async chaos({ done }) {
          for (let k = 0; k < 4; k++) {
            // A random moment: some while orders pour in, the last ones while cards and taps settle.
            await sleep(rng.int(2_000, 7_000));
            await app.kill9();
            kills.push(`${done() ? 'after' : 'during'} the storm`);
            await sleep(rng.int(0, 1_500));
            app.spawn(); // not waiting for it: the next kill may come during start-up
            if (rng.chance(0.5)) await app.waitReady();
          }
          await app.waitReady();
        },
        async heal() {
          if (!app.running()) await app.start();
          await app.waitReady();
        },
      });
      console.log(`[faults] kills: ${kills.join(', ')}; starts: ${app.starts}`);
      if (count.problems.length) console.log(await explain(db.pool, platforms, count.problems));
      expect(count.problems).toEqual([]);
      expect(count.alerts).toBe(orders.length);
      expect(count.actionsOk).toBe(count.clicks);
    } catch (err) {
      keepLogs();
      console.log(`[faults] seed ${rng.seed}; log ${app.logFile}:\n${app.tail(60)}`);
      throw err;
    }
  });
});
