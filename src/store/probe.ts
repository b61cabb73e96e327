// Does a Postgres server answer at this URL? Used to pick the store at start-up.
import pg from 'pg';

/** true if a server answers (even "database does not exist" means a server is there). */
export async function postgresAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch (err) {
    return (err as { code?: string }).code === '3D000';
  } finally {
    await client.end().catch(() => {});
  }
}
