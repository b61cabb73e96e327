// Dead letters are visible where operators look: GET /api/v1/deliveries, /readyz and /metrics; and an
// operator can put one back in line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/lib/logger.js';
import { createDeliveryService } from '../../../src/notify/delivery-service.js';
import { createTargetResolver } from '../../../src/notify/targets.js';
import { createDeliveryStore } from '../../../src/store/delivery-store.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { createFakeNotifier, fakeRenderer } from '../../helpers/fake-notifier.js';
import { orderBody } from '../../helpers/orders.js';

let db: TestDatabase;
let t: TestApp;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await buildTestApp(db);
});
afterAll(async () => {
  await t?.app.close();
  await db?.drop();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.auth });

describe('dead letters', () => {
  it('lists a delivery that failed for good, shows it on /readyz and /metrics, and retries it on request', async () => {
    const config = { ...loadConfig({}), wecom: { ...loadConfig({}).wecom, webhookKey: 'group-key' } };
    const fake = createFakeNotifier(['wecom_webhook'], () => t.clock.now());
    const store = createDeliveryStore(db.pool);
    const service = createDeliveryService({
      store,
      targets: createTargetResolver(config, new Set(['wecom_webhook'])),
      notifiers: [fake.notifier],
      renderer: fakeRenderer,
      clock: t.clock,
      log: createLogger('silent'),
    });
    t.metrics.watchDeliveries(() => store.stats(t.clock.now()));
    fake.script({ ok: false, retryable: false, reason: 'errcode 93000 invalid webhook url' });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: t.auth,
      payload: { orders: [orderBody()] },
    });
    await service.pump();

    const listed = (await get('/api/v1/deliveries?status=dead')).json();
    expect(listed.deliveries).toHaveLength(1);
    expect(listed.deliveries[0]).toMatchObject({
      status: 'dead',
      channel: 'wecom_webhook',
      lastError: 'errcode 93000 invalid webhook url',
      order: { channel: 'taobao', externalId: 'TB20261122001' },
    });
    expect((await get('/readyz')).json()).toMatchObject({ ok: true, deliveries: { dead: 1 } });
    expect((await get('/metrics')).body).toMatch(/orderwatch_deliveries\{status="dead"\} 1/);

    const id = listed.deliveries[0].id as string;
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/deliveries/${id}/retry`, headers: t.auth }))
        .statusCode,
    ).toBe(200);
    await service.pump({ scanAll: true });
    expect(
      (await get(`/api/v1/deliveries?status=sent`)).json().deliveries.map((d: { id: string }) => d.id),
    ).toEqual([id]);
    expect((await get('/readyz')).json().deliveries.dead).toBe(0);
  });

  it.each([
    ['/api/v1/deliveries?status=lost', 400],
    ['/api/v1/deliveries?alertId=nope', 400],
    ['/api/v1/deliveries?limit=0', 400],
  ])('answers %s with %i', async (url, status) => {
    expect((await get(url)).statusCode).toBe(status);
  });

  it('answers 404 to a retry of something that is not a dead letter', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deliveries/00000000-0000-4000-8000-000000000000/retry',
      headers: t.auth,
    });
    expect(res.statusCode).toBe(404);
  });

  it('refuses the delivery log without the bearer token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/deliveries' })).statusCode).toBe(401);
  });
});
