// One pg pool per process; the raw-SQL hot paths and the Prisma adapter share it.
import pg from 'pg';

// BIGINT (int8) comes back as a JS number: every amount we store is < 2^53 fen.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

// Room for the HTTP handlers and the worker's concurrent jobs (jobs/queues.ts) at once.
export function createPool(connectionString: string, max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'orderwatch' });
  // An idle client losing its server (Postgres restart) must not crash the process.
  pool.on('error', () => {});
  // Nor may a checked-out one between two queries (mid-transaction, awaiting something else): pg-pool only
  // listens on idle clients, and an 'error' event nobody listens to kills the process. Its next query
  // fails instead, and the caller's error handling (retry, relay, redelivery) takes over.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
