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
  return pool;
}
