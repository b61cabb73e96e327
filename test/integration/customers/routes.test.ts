import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../../src/http/error-handler.js';
import { customerRoutes } from '../../../src/http/routes/customers.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let app: FastifyInstance;
beforeAll(async () => {
  h = await startHarness();
  app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  customerRoutes(app, { customers: h.customers });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await h.close();
});

const call = (method: 'POST' | 'DELETE' | 'GET', url: string, payload?: unknown) =>
  app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('customer routes', () => {
  it('opts a customer out and back in by phone, answering with the masked number only', async () => {
    const out = await call('POST', '/api/v1/customers/opt-out', { phone: '138-0013-8009' });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ ok: true, phone: '138****8009', optedOut: true, changed: true });
    expect((await call('POST', '/api/v1/customers/opt-out', { phone: '13800138009' })).json().changed).toBe(
      false,
    );
    const stored = await h.db.pool.query<{ phone_hash: string }>('SELECT phone_hash FROM customer_opt_outs');
    expect(JSON.stringify(stored.rows)).not.toContain('13800138009');
    const back = await call('DELETE', '/api/v1/customers/opt-out', { phone: '13800138009' });
    expect(back.json()).toMatchObject({ optedOut: false, changed: true });
  });

  it('answers 400 to a missing or malformed phone', async () => {
    expect((await call('POST', '/api/v1/customers/opt-out', {})).statusCode).toBe(400);
    const bad = await call('POST', '/api/v1/customers/opt-out', { phone: 'abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_phone');
  });

  it('lists notices with their counts, filtered by status and order', async () => {
    await h.order('TB-API-1', '13800138010');
    await h.scan('TB-API-1', 'collected', '2026-11-22T10:00:00+08:00');
    const res = await call('GET', '/api/v1/customers/notices?status=pending&externalId=TB-API-1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.notices).toMatchObject([
      { kind: 'collected', status: 'pending', order: { externalId: 'TB-API-1' } },
    ]);
    expect(body.stats).toMatchObject({ pending: 1, sent: 0, failed: 0, dead: 0 });
    expect(JSON.stringify(body)).not.toContain('13800138010');
    expect((await call('GET', '/api/v1/customers/notices?status=lost')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/customers/notices?limit=0')).statusCode).toBe(400);
  });
});
