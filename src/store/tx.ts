// Transactions with retry on the transient conflicts Postgres reports under concurrency.
import type { Pool, PoolClient } from './pool.js';

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export async function withTransaction<T>(
  pool: Pool,
  fn: (c: PoolClient) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (err as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw err;
    } finally {
      client.release();
    }
  }
}
