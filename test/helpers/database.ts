// A fresh, migrated database per test file on the machine's real Postgres.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase } from '../../src/runtime/migrate-database.js';
import { createOrderStore, type OrderStore } from '../../src/store/order-store.js';
import { createPool, type Pool } from '../../src/store/pool.js';
import { createPrisma, type Prisma } from '../../src/store/prisma.js';
import { PG_ADMIN_URL, TEST_DB_PREFIX } from './env.js';

export interface TestDatabase {
  url: string;
  name: string;
  pool: Pool;
  prisma: Prisma;
  store: OrderStore;
  drop(): Promise<void>;
}

export function testDatabaseUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

// The creation time in the name lets global setup drop only databases old enough to be abandoned.
export const uniqueDbName = () =>
  `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;

export async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = uniqueDbName();
  await adminQuery(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = testDatabaseUrl(name);
  const pool = createPool(url);
  if (opts.migrate !== false) await migrateDatabase(pool);
  const prisma = createPrisma(pool);
  return {
    url,
    name,
    pool,
    prisma,
    store: createOrderStore({ pool, prisma }),
    async drop() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
      await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}
