import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { dingtalkRobotHttpRoutes } from '../../../../bots/dingtalk/robot-http.js';
import type { Reply } from '../../../../src/actions/types.js';
import { registerJsonBody } from '../../../../src/http/json-body.js';
import { systemClock } from '../../../../src/lib/clock.js';
import { CID, CLIENT_SECRET, start } from './helpers.js';
import { OK_REPLY, dtConfig, eventually, fakeHandler, gate, memoryLog } from './stream/helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu | null = null;
let app: FastifyInstance | null = null;

afterEach(async () => {
  await app?.close();
  await emu?.close();
  app = emu = null;
});

const message = { conversationId: CID, senderStaffId: 'u-zhang', senderNick: '张三', text: 'show TB123' };

/** The plugin inside an app that parses JSON its own way, as src/http/app.ts does. */
async function serve(e: Emu, h: ReturnType<typeof fakeHandler>, answerMs = 2_500, log = memoryLog().log) {
  app = Fastify();
  registerJsonBody(app);
  await app.register(
    dingtalkRobotHttpRoutes({
      config: dtConfig(e.url),
      handler: h.handler,
      log,
      clock: systemClock,
      answerMs,
    }),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/dingtalk/robot`;
}

describe('dingtalk HTTP-mode robot', () => {
  it('answers a signed message in the HTTP body with markdown at the sender', async () => {
    emu = await start();
    const h = fakeHandler();
    const r = await emu.postRobotMessage(await serve(emu, h), message);
    expect(r).toMatchObject({ status: 200, shown: true });
    expect(r.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: '已认领', text: '**已认领**\n\n订单 TB123 交给你了\n\n@u-zhang' },
      at: { atUserIds: ['u-zhang'], isAtAll: false },
    });
    expect(h.events).toEqual([
      {
        platform: 'dingtalk',
        eventId: r.msgId,
        actor: { platformUserId: 'u-zhang', name: '张三' },
        kind: 'text',
        text: 'show TB123',
        chat: { type: 'group', id: CID },
        receivedAt: expect.any(Date),
      },
    ]);
    expect(emu.webhookMessages(CID)).toMatchObject([{ via: 'reply', highlighted: ['u-zhang'] }]);
  });

  it('answers empty when the handler is slow and replies through the sessionWebhook later', async () => {
    emu = await start();
    const held = gate<Reply>();
    const url = await serve(
      emu,
      fakeHandler(() => held.wait),
      10,
    );
    const r = await emu.postRobotMessage(url, message);
    expect(r).toMatchObject({ status: 200, body: { msgtype: 'empty' }, shown: false });
    held.open(OK_REPLY);
    await eventually(() => emu?.webhookMessages(CID).length);
    expect(emu.webhookMessages(CID)).toMatchObject([{ via: 'session', highlighted: ['u-zhang'] }]);
  });

  it('refuses a forged sign, a stale timestamp and missing headers without calling the handler', async () => {
    emu = await start();
    const h = fakeHandler();
    const url = await serve(emu, h);
    const forged = await emu.postRobotMessage(url, message, { sign: 'bm90IHRoZSBzaWdu' });
    const stale = await emu.postRobotMessage(url, message, { timestamp: Date.now() - 2 * 3_600_000 });
    const bare = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect([forged.status, stale.status, bare.status]).toEqual([401, 401, 401]);
    expect(h.events).toEqual([]);
  });

  it('refuses a signature replayed with another message', async () => {
    emu = await start();
    const h = fakeHandler();
    const url = await serve(emu, h);
    const timestamp = Date.now();
    expect((await emu.postRobotMessage(url, message, { timestamp })).status).toBe(200);
    expect(
      (await emu.postRobotMessage(url, { ...message, senderStaffId: 'u-li' }, { timestamp })).status,
    ).toBe(401);
    expect(h.events).toHaveLength(1);
  });

  it('answers malformed, oversized and non-message bodies with 400/413 and no handler call', async () => {
    emu = await start();
    const h = fakeHandler();
    const url = await serve(emu, h);
    const bad = await emu.postRobotMessage(url, message, { body: '{"msgId":' });
    const big = await emu.postRobotMessage(url, message, {
      body: JSON.stringify({ pad: 'x'.repeat(70_000) }),
    });
    const odd = await emu.postRobotMessage(url, message, { body: JSON.stringify({ hello: 'world' }) });
    const pic = await emu.postRobotMessage(url, message, {
      body: JSON.stringify({ msgId: 'm1', msgtype: 'picture' }),
    });
    expect([bad.status, big.status, odd.status, pic.status]).toEqual([400, 413, 400, 200]);
    expect(pic.body).toEqual({ msgtype: 'empty' });
    expect(h.events).toEqual([]);
  });

  it('keeps the app secret, the signature and the message text out of its logs', async () => {
    emu = await start();
    const mem = memoryLog();
    const url = await serve(emu, fakeHandler(), 2_500, mem.log);
    await emu.postRobotMessage(url, message);
    const forged = await emu.postRobotMessage(url, message, { sign: 'Zm9yZ2VkLXNpZ25hdHVyZQ==' });
    expect(forged.status).toBe(401);
    expect(mem.text()).toContain('refused');
    for (const s of [CLIENT_SECRET, 'show TB123', 'Zm9yZ2VkLXNpZ25hdHVyZQ=='])
      expect(mem.text()).not.toContain(s);
  });
});
