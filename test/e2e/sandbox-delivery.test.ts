// Sandbox mode: no platform credentials, so the emulated WeCom and DingTalk run in-process and every
// team gets a chat in each; an anomaly posted through the API shows up there as cards.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { startOrderwatch, type Running } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { waitUntil } from '../helpers/delivery-stack.js';
import { REDIS_URL } from '../helpers/env.js';
import { orderBody } from '../helpers/orders.js';

let db: TestDatabase;
let running: Running;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  running = await startOrderwatch({
    role: 'all',
    log: createLogger('silent'),
    env: {
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_NAMESPACE: `ow-sandbox-${randomBytes(4).toString('hex')}`,
      PORT: '0',
      SANDBOX: 'on',
      DEMO_FEED: 'off',
      SWEEP_INTERVAL_SECONDS: '3600',
    },
  });
});
afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

describe('sandbox mode', () => {
  it('delivers an anomaly to the emulated WeCom and DingTalk chats of the default team', async () => {
    expect(running.sandbox).not.toBeNull();
    const sandbox = running.sandbox!;
    const ops = running.config.teams.find((t) => t.id === 'ops')!;
    const paidAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const res = await fetch(`${running.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ orders: [orderBody({ externalId: 'SANDBOX-1', createdAt: paidAt, paidAt })] }),
    });
    expect(res.status).toBe(200);
    const card = await waitUntil(
      () =>
        sandbox.dingtalk
          .cards(ops.dingtalkConversation!)
          .find((c) => c.cardParamMap.title?.includes('SANDBOX-1')),
      'the DingTalk card in the ops group',
    );
    expect(Object.keys(card.atUserIds)).toEqual(['lisi']); // on duty in the sandbox team
    await waitUntil(
      () => sandbox.wecom.groupMessages(ops.wecomWebhookKey!).some((m) => m.text.includes('SANDBOX-1')),
      'the WeCom group message',
    );
    await waitUntil(() => sandbox.wecom.appMessages('lisi').length > 0, 'the app card to an ops member');
    // The sandbox page shows the chats as the platforms received them.
    const page = await fetch(`${running.url}/sandbox`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('SANDBOX-1');
  });
});
