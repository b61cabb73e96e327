// The HTTP app over a real test database, with after-commit hand-offs recorded instead of queued.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { createMetrics, type Metrics } from '../../src/http/metrics.js';
import { createChannelIngest } from '../../src/ingest/channel-ingest.js';
import { createIngestService } from '../../src/ingest/ingest-service.js';
import { fakeClock } from '../../src/lib/clock.js';
import type { TestDatabase } from './database.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const SHOPIFY_SECRET = 'shpss_test_secret_value';

export interface TestApp {
  app: FastifyInstance;
  handedOn: string[][];
  metrics: Metrics;
  auth: { authorization: string };
}

export async function buildTestApp(
  db: TestDatabase,
  opts: { apiToken?: string | null } = {},
): Promise<TestApp> {
  const handedOn: string[][] = [];
  const ingest = createIngestService({
    store: db.store,
    clock: fakeClock('2026-11-22T12:00:00Z'),
    afterCommit: async (ids) => void handedOn.push(ids),
  });
  const metrics = createMetrics();
  const app = await buildApp({
    apiToken: opts.apiToken === undefined ? TEST_TOKEN : opts.apiToken,
    ingest,
    channels: createChannelIngest({ ingest, shopifySecret: SHOPIFY_SECRET }),
    store: db.store,
    metrics,
    checks: [{ name: 'postgres', check: async () => void (await db.pool.query('SELECT 1')) }],
  });
  return { app, handedOn, metrics, auth: { authorization: `Bearer ${TEST_TOKEN}` } };
}
