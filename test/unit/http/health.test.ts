import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app.js';
import { createMetrics } from '../../../src/http/metrics.js';
import { systemClock } from '../../../src/lib/clock.js';
import type { ChannelIngest } from '../../../src/ingest/channel-ingest.js';
import type { IngestService } from '../../../src/ingest/ingest-service.js';

// Hand-written fakes: health routes never touch ingest or the store.
const unused = () => Promise.reject(new Error('not used'));
const ingest: IngestService = { ingestOrders: unused, ingestEvents: unused, storeOrders: unused };
const channels: ChannelIngest = { ingest: unused, authenticates: () => false };

const appWith = (checks: { name: string; check: () => Promise<void> }[]) =>
  buildApp({
    apiToken: 'a-token-of-16-chars',
    ingest,
    channels,
    store: { getOrder: unused },
    alerts: { list: unused, createSilence: unused, listSilences: unused, expireSilence: unused },
    clock: systemClock,
    dryRun: { knownRules: [], run: unused },
    detection: { sweep: unused },
    metrics: createMetrics(),
    checks,
    deliveries: {
      list: unused,
      retryDead: unused,
      stats: async () => ({ pending: 2, dead: 1, oldestPendingSeconds: 30 }),
    },
  });

describe('health routes', () => {
  it('answers /readyz 503 naming the dependency that failed, when one does', async () => {
    const app = await appWith([
      { name: 'postgres', check: async () => {} },
      { name: 'queue:redis', check: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) },
    ]);
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      ok: false,
      checks: [
        { name: 'postgres', ok: true },
        { name: 'queue:redis', ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' },
      ],
      deliveries: { pending: 2, dead: 1, oldestPendingSeconds: 30 },
    });
    await app.close();
  });

  it('answers /readyz 503 when a dependency does not answer within 2 s', async () => {
    const app = await appWith([{ name: 'postgres', check: () => new Promise(() => {}) }]);
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks[0].error).toMatch(/no answer within 2000 ms/);
    await app.close();
  });

  it('serves Prometheus text at /metrics without a token', async () => {
    const app = await appWith([]);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/orderwatch_process_cpu_seconds_total/);
    await app.close();
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const app = await appWith([]);
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
    await app.close();
  });
});
