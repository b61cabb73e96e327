import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../src/runtime/migrate-database.js';
import { ensureDatabase } from '../../../src/store/ensure-database.js';
import { migrate, readMigrations } from '../../../src/store/migrate.js';
import { postgresAnswers } from '../../../src/store/probe.js';
import { createPool, type Pool } from '../../../src/store/pool.js';
import {
  adminQuery,
  createTestDatabase,
  testDatabaseUrl,
  uniqueDbName,
  type TestDatabase,
} from '../../helpers/database.js';

describe('start-up migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => db?.drop());

  it('applies every migration once, writing the rows prisma migrate deploy writes', async () => {
    const migrations = await readMigrations(MIGRATIONS_DIR);
    expect(await migrate(db.pool, migrations)).toEqual(migrations.map((m) => m.name));
    expect(await migrate(db.pool, migrations)).toEqual([]);
    const { rows } = await db.pool.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const first = migrations[0]!;
    const sql = await readFile(join(MIGRATIONS_DIR, first.name, 'migration.sql'));
    expect(rows[0]).toMatchObject({
      migration_name: first.name,
      checksum: createHash('sha256').update(sql).digest('hex'),
      applied_steps_count: 1,
      rolled_back_at: null,
    });
    expect(rows[0].finished_at).toBeInstanceOf(Date);
  });

  it('applies each migration once when several processes start together', async () => {
    const other = await createTestDatabase({ migrate: false });
    const pools: Pool[] = [0, 1, 2].map(() => createPool(other.url, 2));
    try {
      const migrations = await readMigrations(MIGRATIONS_DIR);
      const applied = await Promise.all(pools.map((p) => migrate(p, migrations)));
      expect(applied.flat()).toEqual(migrations.map((m) => m.name));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await other.drop();
    }
  });

  it('refuses to start over a migration that was edited after it was applied', async () => {
    const migrations = await readMigrations(MIGRATIONS_DIR);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
    await expect(migrate(db.pool, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it('rolls a failing migration back entirely and says which one failed', async () => {
    const broken = [
      {
        name: '29990101000000_broken',
        sql: 'CREATE TABLE x_ok (id int); SELECT 1/0;',
        checksum: 'b'.repeat(64),
      },
    ];
    await expect(migrate(db.pool, broken)).rejects.toThrow(/29990101000000_broken failed/);
    const exists = await db.pool.query("SELECT to_regclass('x_ok') AS t");
    expect(exists.rows[0].t).toBeNull();
  });
});

describe('ensureDatabase', () => {
  it('creates the database when it is missing and leaves it alone when it exists', async () => {
    const name = uniqueDbName();
    const url = testDatabaseUrl(name);
    try {
      expect(await ensureDatabase(url)).toBe('created');
      expect(await ensureDatabase(url)).toBe('exists');
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.end();
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    }
  });

  it('creates it once when several processes race to create it', async () => {
    const name = uniqueDbName();
    const url = testDatabaseUrl(name);
    try {
      const outcomes = await Promise.all([1, 2, 3].map(() => ensureDatabase(url)));
      expect(outcomes.filter((o) => o === 'created').length).toBeLessThanOrEqual(1);
      expect(outcomes.every((o) => o === 'created' || o === 'exists')).toBe(true);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    }
  });
});

describe('postgresAnswers', () => {
  it.each([
    ['a server with that database', () => testDatabaseUrl('postgres'), true],
    ['a server without that database', () => testDatabaseUrl(uniqueDbName()), true],
    ['nothing listening', () => 'postgresql://postgres:postgres@127.0.0.1:1/x', false],
  ])('says %s answers: %s', async (_name, url, expected) => {
    expect(await postgresAnswers(url())).toBe(expected);
  });
});

describe('the store under test', () => {
  it('is the embedded PostgreSQL in the integration-embedded project, the machine server otherwise', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const { rows } = await db.pool.query<{ port: string }>("SELECT current_setting('port') AS port");
      const embedded = process.env.ORDERWATCH_TEST_STORE === 'embedded';
      expect(rows[0]!.port === '5432').toBe(!embedded);
    } finally {
      await db.drop();
    }
  });
});
