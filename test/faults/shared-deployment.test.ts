// Several processes on one Postgres and one Redis (CONTRACT §1: any number of processes of any role):
// two all-role processes side by side, then a split deployment of api + two workers + stream. Orders are
// posted to every API process, WeCom calls back to any of them and DingTalk pushes each tap to one
// Stream connection: no duplicate cards, every tap applied once. In the split deployment one worker is
// killed mid-storm and not brought back; the other carries on.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { REDIS_URL } from '../helpers/env.js';
import { appProcess, dropLogs, keepLogs, type AppProcess, type Role } from './helpers/app-process.js';
import { explain } from './helpers/explain.js';
import { runStorm, sleep } from './helpers/harness.js';
import { faultTeams, startPlatforms, type Platforms } from './helpers/platforms.js';
import { suiteRng } from './helpers/rng.js';
import { dropQueues, faultNamespace } from './helpers/queues.js';
import { planOrders } from './helpers/traffic.js';

const rng = suiteRng('shared deployment');

interface Deployment {
  namespace: string;
  db: TestDatabase;
  platforms: Platforms;
  procs: AppProcess[];
}
let current: Deployment | null = null;

afterEach(async () => {
  if (!current) return;
  await Promise.allSettled(current.procs.map((p) => p.stop()));
  await dropQueues(REDIS_URL, current.namespace);
  await current.platforms.close();
  await current.db.drop();
  current = null;
});
afterAll(() => dropLogs());

async function deploy(name: string, roles: Role[]): Promise<Deployment> {
  const db = await createTestDatabase({ migrate: false });
  const platforms = await startPlatforms({ teams: faultTeams(16) });
  const namespace = faultNamespace();
  const env = {
    ...platforms.env,
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_BACKEND: 'redis',
    QUEUE_NAMESPACE: namespace,
    SWEEP_INTERVAL_SECONDS: '5',
  };
  const procs: AppProcess[] = [];
  for (const [i, role] of roles.entries()) {
    procs.push(await appProcess({ name: `${name}-${i}-${role}-${rng.seed}`, role, env }));
  }
  current = { namespace, db, platforms, procs };
  // Started together: migrations, people sync and schedulers race as they do in a real roll-out.
  await Promise.all(procs.map((p) => p.start()));
  return current;
}

/** WeCom calls back to one API process at a time; the tests move it between them. */
function rotateCallbacks(d: Deployment): () => void {
  const apis = d.procs.filter((p) => p.url);
  let i = 0;
  return () => d.platforms.callbacksTo(apis[i++ % apis.length]!.url!);
}

function logs(d: Deployment): string {
  return d.procs.map((p) => `--- ${p.name} (${p.logFile})\n${p.tail(25)}`).join('\n');
}

describe('processes sharing one Postgres and Redis', () => {
  it('two all-role processes: no duplicate cards, every tap applied once', async () => {
    const d = await deploy('pair', ['all', 'all']);
    const rotate = rotateCallbacks(d);
    rotate();
    const orders = planOrders(`A${rng.seed % 100000}-`, 200, d.platforms.teams, rng);
    try {
      const { count } = await runStorm({
        rng,
        platforms: d.platforms,
        pool: d.db.pool,
        apis: () => d.procs.map((p) => p.url!),
        orders,
        batchSize: 10,
        pause: [50, 250],
        taps: 30,
        async chaos({ done }) {
          while (!done()) {
            rotate();
            await sleep(rng.int(300, 900));
          }
        },
      });
      if (count.problems.length) console.log(await explain(d.db.pool, d.platforms, count.problems));
      expect(count.problems).toEqual([]);
      expect(count.alerts).toBe(orders.length);
      expect(count.actionsOk).toBe(count.clicks);
      // Both hold a Stream connection (the gateway pushed each tap to one of them).
      expect(d.platforms.dingtalk.connections().filter((c) => c.closedAt === null)).toHaveLength(2);
    } catch (err) {
      keepLogs();
      console.log(`[faults] seed ${rng.seed}\n${logs(d)}`);
      throw err;
    }
  });

  it('api + two workers + stream, one worker killed mid-storm: no duplicate cards, every tap applied once', async () => {
    const d = await deploy('split', ['api', 'worker', 'worker', 'stream']);
    const [api, worker1] = d.procs;
    d.platforms.callbacksTo(api!.url!);
    const orders = planOrders(`S${rng.seed % 100000}-`, 200, d.platforms.teams, rng);
    try {
      const { count } = await runStorm({
        rng,
        platforms: d.platforms,
        pool: d.db.pool,
        apis: () => [api!.url!],
        orders,
        batchSize: 10,
        pause: [50, 250],
        taps: 30,
        async chaos() {
          await sleep(rng.int(3_000, 8_000));
          await worker1!.kill9(); // its leased sends come back to the other worker when the leases run out
        },
      });
      if (count.problems.length) console.log(await explain(d.db.pool, d.platforms, count.problems));
      expect(count.problems).toEqual([]);
      expect(count.alerts).toBe(orders.length);
      expect(count.actionsOk).toBe(count.clicks);
      // Only the stream process holds a Stream connection; the api and workers hold none.
      expect(d.platforms.dingtalk.connections().filter((c) => c.closedAt === null)).toHaveLength(1);
    } catch (err) {
      keepLogs();
      console.log(`[faults] seed ${rng.seed}\n${logs(d)}`);
      throw err;
    }
  });
});
