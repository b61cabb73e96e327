// A WeCom click's response_code is kept on its card, and the wrapper does that before the action runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformEvent, Reply } from '../../../src/actions/types.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import { keepingResponseCodes } from '../../../src/notify/card-codes.js';
import { rememberResponseCode } from '../../../src/store/card-codes.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
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

const event = (over: Partial<PlatformEvent>): PlatformEvent => ({
  platform: 'wecom',
  eventId: 'e1',
  actor: { platformUserId: 'lisi', name: null },
  kind: 'button',
  buttonKey: 'ow1.claim.x',
  chat: { type: 'single', id: null },
  receivedAt: new Date('2026-11-22T12:00:00Z'),
  ...over,
});

describe('response codes from WeCom clicks', () => {
  it('keeps the code on the card it came from, before the action runs', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: t.auth,
      payload: { orders: [orderBody()] },
    });
    const alert = await db.pool.query<{ id: string }>(`SELECT id FROM alerts LIMIT 1`);
    await db.pool.query(
      `INSERT INTO alert_cards (alert_id, target, channel, seq, idem_key, ref, updated_at)
       VALUES ($1, 'wecom_app:ops', 'wecom_app', 0, 'task-1', '{"taskId":"task-1","responseCode":null}', now())`,
      [alert.rows[0]!.id],
    );
    const seenAt: string[] = [];
    const inner = {
      async handle(): Promise<Reply> {
        const r = await db.pool.query(
          `SELECT ref->>'responseCode' AS code FROM alert_cards WHERE idem_key = 'task-1'`,
        );
        seenAt.push(r.rows[0].code);
        return { result: 'ok', text: '好' };
      },
    };
    const clock = fakeClock('2026-11-22T12:00:00Z');
    const handler = keepingResponseCodes(inner, {
      remember: (taskId, code, at) => rememberResponseCode(db.pool, taskId, code, at),
      clock,
      log: createLogger('silent'),
    });
    await handler.handle(event({ card: { taskId: 'task-1', responseCode: 'RC-1' } }));
    await handler.handle(
      event({ eventId: 'e2', platform: 'dingtalk', card: { taskId: 'task-1', responseCode: 'RC-x' } }),
    );
    expect(seenAt).toEqual(['RC-1', 'RC-1']); // DingTalk events carry no response code
    const card = await db.pool.query(`SELECT ref, response_codes FROM alert_cards WHERE idem_key = 'task-1'`);
    expect(card.rows[0]).toEqual({
      ref: { taskId: 'task-1', responseCode: 'RC-1', responseCodeAt: '2026-11-22T12:00:00.000Z' },
      response_codes: ['RC-1'],
    });
  });

  it('reports an unknown card without failing', async () => {
    expect(await rememberResponseCode(db.pool, 'no-such-task', 'RC', new Date())).toBe(false);
  });
});
