// Applies prisma/migrations at start-up (see store/migrate.ts for why not the CLI).
import { fileURLToPath } from 'node:url';
import { migrate, readMigrations } from '../store/migrate.js';
import type { Pool } from '../store/pool.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export async function migrateDatabase(pool: Pool): Promise<string[]> {
  return migrate(pool, await readMigrations(MIGRATIONS_DIR));
}
