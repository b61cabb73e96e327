// The queue through Redis Sentinel (REDIS_SENTINELS): a private master, a replica and one sentinel on
// 127.0.0.1 (never the machine's own Redis). Jobs flow through the master the sentinel names, and keep
// flowing after the master dies and the sentinel promotes the replica.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueKit, type QueueKit } from '../../../jobs/queues.js';
import type { RedisSentinels } from '../../../jobs/redis-connection.js';
import { redisAnswers } from '../../../jobs/redis-probe.js';
import { freePort } from '../../helpers/net.js';

const MASTER_NAME = 'ow-test-master';

const until = async (cond: () => boolean | Promise<boolean>, what: string, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

let dir: string;
const servers: ChildProcess[] = [];
const ports = { master: 0, replica: 0, sentinel: 0 };
let sentinels: RedisSentinels;
let kit: QueueKit;
const seen: string[] = [];

function redisServer(args: string[]): ChildProcess {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  servers.push(child);
  return child;
}

const common = (port: number, name: string) => [
  '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
  '--dir', dir, '--dbfilename', `${name}.rdb`,
]; // prettier-ignore

let master: ChildProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ow-sentinel-'));
  ports.master = await freePort();
  ports.replica = await freePort();
  ports.sentinel = await freePort();
  master = redisServer(common(ports.master, 'master'));
  redisServer([...common(ports.replica, 'replica'), '--replicaof', '127.0.0.1', String(ports.master)]);
  const conf = join(dir, 'sentinel.conf');
  await writeFile(
    conf,
    [
      `port ${ports.sentinel}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${ports.master} 1`,
      `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
      `sentinel failover-timeout ${MASTER_NAME} 5000`,
      '',
    ].join('\n'),
  );
  redisServer([conf, '--sentinel']);
  sentinels = { hosts: [{ host: '127.0.0.1', port: ports.sentinel }], name: MASTER_NAME };
  await until(() => redisAnswers('redis://127.0.0.1:1', 500, sentinels), 'the sentinel to name the master');
  kit = createQueueKit({
    kind: 'redis',
    // Only credentials, database and TLS come from the URL once sentinels are named.
    url: 'redis://ignored.invalid:1/0',
    namespace: `ow-sentinel-${randomUUID().slice(0, 8)}`,
    sentinels,
  });
  kit.work('detect', async (data) => void seen.push(...data.orderIds));
}, 60_000);

afterAll(async () => {
  await kit?.close();
  for (const s of servers) s.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('the queue on Redis Sentinel', () => {
  it('runs jobs through the master the sentinel names', async () => {
    await kit.add('detect', { orderIds: ['o-1'] }, 'job-1');
    await until(() => seen.includes('o-1'), 'job 1');
    await kit.ping();
  });

  it('answers the probe through the sentinels, and not for a master name they do not know', async () => {
    expect(await redisAnswers('redis://127.0.0.1:1', 1000, sentinels)).toBe(true);
    expect(await redisAnswers('redis://127.0.0.1:1', 1000, { ...sentinels, name: 'unknown-master' })).toBe(
      false,
    );
  });

  it('keeps running jobs after the master dies and the sentinel promotes the replica', async () => {
    // The replica must hold the queue's keys before the master goes.
    await until(async () => ((await kit.counts('detect')).completed ?? 0) >= 1, 'job 1 to be completed');
    // A sentinel promotes only a replica it knows of (it learns them from the master's INFO, every 10 s).
    await until(async () => {
      const s = new Redis({ host: '127.0.0.1', port: ports.sentinel, lazyConnect: true });
      try {
        await s.connect();
        const replicas = (await s.call('SENTINEL', 'replicas', MASTER_NAME)) as string[][];
        return replicas.some((r) => r[r.indexOf('port') + 1] === String(ports.replica));
      } finally {
        s.disconnect();
      }
    }, 'the sentinel to know the replica');
    master.kill('SIGKILL');
    await until(async () => {
      const probe = await redisAnswers('redis://127.0.0.1:1', 500, sentinels);
      if (!probe) return false;
      // Promoted: the sentinel now names the replica's port.
      const s = new Redis({ host: '127.0.0.1', port: ports.sentinel, lazyConnect: true });
      try {
        await s.connect();
        const addr = (await s.call('SENTINEL', 'get-master-addr-by-name', MASTER_NAME)) as string[];
        return addr[1] === String(ports.replica);
      } finally {
        s.disconnect();
      }
    }, 'the sentinel to promote the replica');
    await kit.add('detect', { orderIds: ['o-2'] }, 'job-2');
    await until(() => seen.includes('o-2'), 'job 2 after the failover', 60_000);
    expect(seen.filter((id) => id === 'o-1')).toHaveLength(1);
  }, 90_000);
});
