// `npm start` as a real process: first log lines, graceful SIGTERM, and config errors at start-up.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { REDIS_URL } from '../helpers/env.js';
import { orderBody } from '../helpers/orders.js';

const ROOT = new URL('../../', import.meta.url).pathname;

function startProcess(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitFor(cond: () => boolean, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the orderwatch process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => db?.drop());

  it('says which store, queue and mode it uses, serves, and exits 0 on SIGTERM within 10 s', async () => {
    const p = startProcess({
      DATABASE_URL: db.url,
      REDIS_URL,
      PORT: '0',
      API_TOKEN: 'process-test-token-42',
      SANDBOX: 'off',
    });
    await waitFor(() => /listening on (http:\/\/[^\s"]+)/.test(p.output()), 'the listen line');
    const url = /listening on (http:\/\/[^\s"]+)/.exec(p.output())![1]!;
    const first = p.output().split('\n').slice(0, 3).join('\n');
    expect(first).toMatch(/store: postgres postgresql:\/\/postgres:\*\*\*@/);
    expect(first).toMatch(/queue backend: redis/);
    expect(first).toMatch(/mode: live platforms/);

    const res = await fetch(`${url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: 'Bearer process-test-token-42', 'content-type': 'application/json' },
      body: JSON.stringify({ orders: [orderBody()] }),
    });
    expect(res.status).toBe(200);

    const started = Date.now();
    p.child.kill('SIGTERM');
    const [code] = await once(p.child, 'exit');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(p.output()).not.toContain('process-test-token-42');
  }, 60_000);

  it('stops with one message listing every bad setting, without echoing secrets', async () => {
    const p = startProcess({
      DATABASE_URL: db.url,
      PORT: 'ninety',
      SANDBOX: 'sometimes',
      WECOM_CORP_ID: 'ww123',
      WECOM_SECRET: 'super-secret-value-xyz',
    });
    const [code] = await once(p.child, 'exit');
    expect(code).toBe(1);
    expect(p.output()).toMatch(/PORT/);
    expect(p.output()).toMatch(/SANDBOX/);
    expect(p.output()).toMatch(/WECOM_AGENT_ID/);
    expect(p.output()).not.toContain('super-secret-value-xyz');
  }, 30_000);

  it('refuses an unknown --role', async () => {
    const p = startProcess({ DATABASE_URL: db.url }, ['--role=everything']);
    const [code] = await once(p.child, 'exit');
    expect(code).toBe(1);
    expect(p.output()).toMatch(/--role must be one of api, worker, stream, all/);
  }, 30_000);
});
