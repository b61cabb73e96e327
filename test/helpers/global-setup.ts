// Drops databases left behind by earlier, killed test runs (each test file makes its own). Only those
// older than an hour: another run on this machine may be using the younger ones.
import pg from 'pg';
import { PG_ADMIN_URL, TEST_DB_PREFIX } from './env.js';

export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await client.connect();
  } catch {
    return; // unit tests still run; integration suites report the missing server themselves
  }
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 || '%'`,
      [TEST_DB_PREFIX],
    );
    const cutoff = Math.floor(Date.now() / 1000) - 3600;
    for (const { datname } of rows) {
      const created = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
      if (Number.isFinite(created) && created > cutoff) continue;
      await client
        .query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`)
        .catch(() => {});
    }
  } finally {
    await client.end();
  }
}
