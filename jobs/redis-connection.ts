// One way to open Redis for BullMQ and the probe: a plain REDIS_URL, or a Sentinel-managed master
// (REDIS_SENTINELS + REDIS_SENTINEL_NAME) with the URL supplying only credentials, database and TLS.
// ioredis asks the sentinels for the current master and follows a failover by itself.
import { Redis, type RedisOptions } from 'ioredis';

export interface RedisSentinels {
  hosts: { host: string; port: number }[];
  /** The master's name in the sentinels' configuration (`sentinel monitor <name> …`). */
  name: string;
}

export function openRedis(
  url: string,
  sentinels: RedisSentinels | null | undefined,
  options: RedisOptions,
): Redis {
  if (!sentinels) return new Redis(url, options);
  const u = new URL(url);
  const db = Number(u.pathname.replace(/^\//, '') || 0);
  return new Redis({
    ...options,
    sentinels: sentinels.hosts,
    name: sentinels.name,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  });
}
