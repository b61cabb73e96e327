// Which Postgres: the configured one, one answering at the default address, or the embedded fallback.
import type { Config } from '../config/index.js';
import { redactUrl } from '../config/index.js';
import { startEmbeddedPostgres } from '../store/embedded-postgres.js';
import { ensureDatabase } from '../store/ensure-database.js';
import { postgresAnswers } from '../store/probe.js';

export type StoreKind = 'configured' | 'default' | 'embedded';

export interface ResolvedStore {
  kind: StoreKind;
  url: string;
  describe: string;
  stop(): Promise<void>;
}

export const EMBEDDED_PORT = 54329;

export async function resolveStore(config: Config, log: (msg: string) => void): Promise<ResolvedStore> {
  const { url, explicit } = config.database;
  if (explicit || (await postgresAnswers(url))) {
    const created = await ensureDatabase(url);
    return {
      kind: explicit ? 'configured' : 'default',
      url,
      describe: `postgres ${redactUrl(url)}${created === 'created' ? ' (database created)' : ''}`,
      stop: async () => {},
    };
  }
  log(`no Postgres at ${redactUrl(url)}; starting the embedded one under ${config.dataDir}`);
  const embedded = await startEmbeddedPostgres(config.dataDir, EMBEDDED_PORT, log);
  await ensureDatabase(embedded.url);
  return {
    kind: 'embedded',
    url: embedded.url,
    describe: `embedded postgres (data in ${embedded.dataDir}, port ${EMBEDDED_PORT})`,
    stop: () => embedded.stop(),
  };
}
