// The typed queue map and the one place that knows which BullMQ backend is in use.
import { Queue, Worker, createPostgresBackend, type ConnectionOptions, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { openRedis, type RedisSentinels } from './redis-connection.js';

/** Every queue's job payload. Job ids are required: they are how a retried enqueue stays single. */
export interface JobMap {
  /** Orders whose state changed at ingest; re-run detection on them. */
  detect: { orderIds: string[] };
  /** The periodic sweep of time-based rules (one job scheduler, whatever the number of processes). */
  sweep: Record<string, never>;
  /** The delivery relay: plan and send whatever the outbox holds (retries, digests, crashed sends). */
  notify: Record<string, never>;
  /** One escalation level's timer: inert unless `jobId` equals the alert's active_escalation_job. */
  escalate: { alertId: string; jobId: string; level: number };
}
export type JobName = keyof JobMap;
export const JOB_NAMES: JobName[] = ['detect', 'sweep', 'notify', 'escalate'];

/** Jobs in flight per worker: detection waits on Postgres far more than it computes. */
export const DEFAULT_CONCURRENCY = 8;

export interface QueueBackendSpec {
  kind: 'redis' | 'postgres';
  url: string;
  /** Queue-name namespace (default `orderwatch`), so deployments or test runs can share one Redis. */
  namespace?: string;
  /** Redis only: reach the master through these sentinels (the URL then gives credentials, db, TLS). */
  sentinels?: RedisSentinels | null;
}

export interface QueueKit {
  backend: QueueBackendSpec['kind'];
  /** `delayMs`: a delayed job (timers); a job with the same id already kept is not added again. */
  add<K extends JobName>(name: K, data: JobMap[K], jobId: string, delayMs?: number): Promise<void>;
  /** Many `add`s in one round trip (same options and idempotence per job). */
  addBulk<K extends JobName>(
    name: K,
    jobs: readonly { data: JobMap[K]; jobId: string; delayMs?: number }[],
  ): Promise<void>;
  work<K extends JobName>(
    name: K,
    handler: (data: JobMap[K]) => Promise<unknown>,
    concurrency?: number,
  ): Worker;
  /** Repeats a job every `everyMs`; idempotent by scheduler id, so every process may call it. */
  every<K extends JobName>(name: K, everyMs: number, data: JobMap[K]): Promise<void>;
  counts(name: JobName): Promise<Record<string, number>>;
  ping(): Promise<void>;
  /** Deletes every queue of this namespace and its jobs (test runs, decommissioning). */
  obliterate(): Promise<void>;
  close(): Promise<void>;
}

export function createQueueKit(spec: QueueBackendSpec): QueueKit {
  const redisClients: Redis[] = [];
  const connection = (): ConnectionOptions | object => {
    if (spec.kind === 'postgres') return { connectionString: spec.url, migrate: true, max: 4 };
    // BullMQ's workers block on Redis; they need commands never to give up while reconnecting.
    const client = openRedis(spec.url, spec.sentinels, {
      maxRetriesPerRequest: null,
      enableReadyCheck: true,
    });
    client.on('error', () => {}); // reconnects by itself; readiness reports the outage
    redisClients.push(client);
    return client;
  };
  const factory = spec.kind === 'postgres' ? createPostgresBackend : undefined;
  // Namespacing by queue name, not BullMQ's `prefix`: with bullmq 6.7's Redis backend a custom prefix left
  // workers idle while jobs waited (seen here), and the name works the same on both backends.
  const queueName = (name: JobName) => `${spec.namespace ?? 'orderwatch'}-${name}`;
  const queues = new Map<JobName, Queue>();
  const workers: Worker[] = [];
  const queue = (name: JobName): Queue => {
    let q = queues.get(name);
    if (!q) {
      // The factory argument is typed per backend; both backends accept what connection() returns.
      q = new Queue(queueName(name), { connection: connection() as never }, factory as never);
      q.on('error', () => {});
      queues.set(name, q);
    }
    return q;
  };

  const jobOpts = (jobId: string, delayMs?: number) => ({
    jobId,
    ...(delayMs && delayMs > 0 ? { delay: Math.ceil(delayMs) } : {}),
    attempts: 8,
    backoff: { type: 'exponential' as const, delay: 500 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });

  return {
    backend: spec.kind,
    async add(name, data, jobId, delayMs) {
      await queue(name).add(name, data, jobOpts(jobId, delayMs));
    },
    async addBulk(name, jobs) {
      if (jobs.length === 0) return;
      await queue(name).addBulk(jobs.map((j) => ({ name, data: j.data, opts: jobOpts(j.jobId, j.delayMs) })));
    },
    work(name, handler, concurrency = DEFAULT_CONCURRENCY) {
      const processor: Processor = async (job) => handler(job.data as never);
      const w = new Worker(
        queueName(name),
        processor,
        { connection: connection() as never, concurrency },
        factory as never,
      );
      w.on('error', () => {});
      workers.push(w);
      return w;
    },
    async every(name, everyMs, data) {
      await queue(name).upsertJobScheduler(
        `${name}-every`,
        { every: everyMs },
        {
          name,
          data,
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
        },
      );
    },
    async counts(name) {
      return queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    },
    async ping() {
      await queue('detect').getJobCounts('waiting');
    },
    async obliterate() {
      await Promise.all(JOB_NAMES.map((n) => queue(n).obliterate({ force: true })));
    },
    async close() {
      await Promise.allSettled(workers.map((w) => w.close()));
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      await Promise.allSettled(redisClients.map((c) => c.quit()));
    },
  };
}
