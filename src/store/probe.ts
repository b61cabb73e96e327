// Does a Postgres server answer at this URL? Used to pick the store at start-up.
import pg from 'pg';

/**
 * true if a Postgres server answers at all. Any SQLSTATE reply (database missing, wrong password,
 * pg_hba refusal) means one is there: start-up must then use it and report its error, not silently
 * fall back to the embedded one. Only a refused or timed-out connection means "nothing here".
 */
export async function postgresAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  } finally {
    await client.end().catch(() => {});
  }
}
