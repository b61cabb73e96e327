// Does Redis answer at this URL? One attempt, short timeout, no reconnect storm.
import { openRedis, type RedisSentinels } from './redis-connection.js';

export async function redisAnswers(
  url: string,
  timeoutMs = 1000,
  sentinels?: RedisSentinels | null,
): Promise<boolean> {
  const client = openRedis(url, sentinels, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
