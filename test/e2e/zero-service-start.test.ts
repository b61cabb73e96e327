// With nothing configured and nothing answering at the default addresses, orderwatch starts its embedded
// Postgres and runs BullMQ on Postgres; data survives a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { startOrderwatch, type Running } from '../../src/main.js';
import { orderBody } from '../helpers/orders.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    lines.push(
      ...String(chunk)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).msg as string),
    );
    cb();
  },
});

describe('zero-service default', () => {
  let dataDir: string;
  let running: Running | undefined;
  afterAll(async () => {
    await running?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const start = () =>
    startOrderwatch({
      env: { PORT: '0', API_TOKEN: 'zero-service-token-123', ORDERWATCH_DATA_DIR: dataDir, SANDBOX: 'off' },
      role: 'all',
      log: createLogger('info', sink),
      // Nothing answers on these ports: what a fresh machine without Postgres or Redis looks like.
      override: (c) => ({
        ...c,
        database: { url: 'postgresql://postgres:postgres@127.0.0.1:1/orderwatch', explicit: false },
        redis: { url: 'redis://127.0.0.1:1', explicit: false, sentinels: null },
      }),
    });

  it('uses the embedded Postgres and the Postgres queue backend, says so first, and keeps data across a restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'orderwatch-zero-'));
    running = await start();
    expect(running.store).toBe('embedded');
    expect(running.queue).toBe('postgres');
    const firstLines = lines
      .filter((l) => !l.startsWith('no Postgres'))
      .slice(0, 3)
      .join('\n');
    expect(firstLines).toMatch(/store: embedded postgres/);
    expect(firstLines).toMatch(/queue backend: bullmq postgres backend/);
    expect(firstLines).toMatch(/mode: live platforms/);

    const auth = { authorization: 'Bearer zero-service-token-123', 'content-type': 'application/json' };
    const posted = await fetch(`${running.url}/api/v1/orders`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ orders: [orderBody({ externalId: 'ZERO-1' })] }),
    });
    expect(((await posted.json()) as { results: { ok: boolean }[] }).results[0]!.ok).toBe(true);
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);

    await running.stop();
    running = await start();
    expect(running.store).toBe('embedded');
    const got = await fetch(`${running.url}/api/v1/orders/taobao/ZERO-1`, { headers: auth });
    expect(got.status).toBe(200);
    expect(((await got.json()) as { order: { amountFen: number } }).order.amountFen).toBe(39900);

    // A second process of the same checkout shares the running embedded server and leaves it running.
    const second = await start();
    expect(lines.some((l) => /embedded postgres \(already running/.test(l))).toBe(true);
    const viaSecond = await fetch(`${second.url}/api/v1/orders/taobao/ZERO-1`, { headers: auth });
    expect(viaSecond.status).toBe(200);
    await second.stop();
    expect((await fetch(`${running.url}/api/v1/orders/taobao/ZERO-1`, { headers: auth })).status).toBe(200);
  }, 120_000);
});
