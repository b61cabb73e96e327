// Creates the configured database when it is missing, connecting through the server's `postgres` db.
import pg from 'pg';

export async function ensureDatabase(connectionString: string): Promise<'exists' | 'created'> {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const probe = new pg.Client({ connectionString });
  try {
    await probe.connect();
    return 'exists';
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err; // invalid_catalog_name
  } finally {
    await probe.end().catch(() => {});
  }
  const admin = new URL(connectionString);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return 'created';
  } catch (err) {
    // Another process created it between our probe and CREATE: the outcome we wanted. A concurrent
    // CREATE reports duplicate_database (42P04), or unique_violation (23505) when the race is tight.
    const code = (err as { code?: string }).code;
    if (code === '42P04' || code === '23505') return 'exists';
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
