// Which Postgres: the configured one, one answering at the default address, or the embedded fallback.
import type { Config } from '../config/index.js';
import { redactUrl } from '../config/index.js';
import { mkdir } from 'node:fs/promises';
import { startEmbeddedPostgres } from '../store/embedded-postgres.js';
import { embeddedPort } from '../store/embedded-port.js';
import { ensureDatabase } from '../store/ensure-database.js';
import { postgresAnswers } from '../store/probe.js';

export type StoreKind = 'configured' | 'default' | 'embedded';

export interface ResolvedStore {
  kind: StoreKind;
  url: string;
  describe: string;
  stop(): Promise<void>;
}

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
  await mkdir(config.dataDir, { recursive: true });
  const port = await embeddedPort(config.dataDir);
  const embeddedUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/orderwatch`;
  // Another process of this checkout (say, a second role) already runs it: share, and leave it running.
  if (await postgresAnswers(embeddedUrl)) {
    await ensureDatabase(embeddedUrl);
    return {
      kind: 'embedded',
      url: embeddedUrl,
      describe: `embedded postgres (already running for ${config.dataDir}, port ${port})`,
      stop: async () => {},
    };
  }
  log(`no Postgres at ${redactUrl(url)}; starting the embedded one under ${config.dataDir}`);
  const embedded = await startEmbeddedPostgres(config.dataDir, port, log);
  await ensureDatabase(embedded.url);
  return {
    kind: 'embedded',
    url: embedded.url,
    describe: `embedded postgres (data in ${embedded.dataDir}, port ${port})`,
    stop: () => embedded.stop(),
  };
}
