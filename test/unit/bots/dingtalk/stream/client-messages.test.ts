import { afterEach, describe, expect, it } from 'vitest';
import { buildCreateAndDeliver } from '../../../../../bots/dingtalk/payloads.js';
import { createStreamClient, type StreamClient } from '../../../../../bots/dingtalk/stream/index.js';
import type { Reply } from '../../../../../src/actions/types.js';
import { CID, CLIENT_ID, TEMPLATE, call, sampleCard, start, token } from '../helpers.js';
import {
  OK_REPLY,
  dtConfig,
  eventually,
  fakeHandler,
  gate,
  memoryLog,
  sleep,
  spyWebSocket,
} from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu | null = null;
let client: StreamClient | null = null;

afterEach(async () => {
  await client?.stop();
  await emu?.close();
  client = emu = null;
});

async function connected(e: Emu, h: ReturnType<typeof fakeHandler>, over: object = {}) {
  client = createStreamClient({ config: dtConfig(e.url), handler: h.handler, log: memoryLog().log, ...over });
  await client.start();
  await eventually(() => client?.status().connected);
  return client;
}

async function deliverCard(e: Emu) {
  const body = buildCreateAndDeliver(sampleCard(), {
    outTrackId: 'al_123-r1',
    cardTemplateId: TEMPLATE,
    conversationId: CID,
    robotCode: CLIENT_ID,
  });
  const r = await call(e.url, 'POST', '/v1.0/card/instances/createAndDeliver', body, {
    'x-acs-dingtalk-access-token': await token(e.url),
  });
  expect(r.status).toBe(200);
}

const click = {
  outTrackId: 'al_123-r1',
  userId: 'u-zhang',
  actionIds: ['claim'],
  params: { action: 'claim', alertId: 'al_123', key: 'ow1.claim.al_123' },
};
const message = { conversationId: CID, senderStaffId: 'u-zhang', senderNick: '张三', text: '认领 TB123' };

describe('dingtalk stream client: robot messages', () => {
  it('acks at once, hands over the exact PlatformEvent and replies at the sessionWebhook with the @', async () => {
    emu = await start();
    const held = gate<Reply>();
    const h = fakeHandler(() => held.wait);
    await connected(emu, h);
    const pushed = emu.pushRobotMessage(message);
    await eventually(() => h.events.length === 1);
    // acked while the handler is still held
    const frame = await eventually(() =>
      emu?.frames().find((f) => f.messageId === pushed.messageId && f.acked),
    );
    expect(frame).toMatchObject({ acked: true, ack: { code: 200, data: '{"response":null}' } });
    expect(h.events[0]).toEqual({
      platform: 'dingtalk',
      eventId: pushed.msgId,
      actor: { platformUserId: 'u-zhang', name: '张三' },
      kind: 'text',
      text: '认领 TB123',
      chat: { type: 'group', id: CID },
      receivedAt: expect.any(Date),
    });
    held.open(OK_REPLY);
    const [reply] = await eventually(() =>
      emu?.webhookMessages(CID).length ? emu.webhookMessages(CID) : null,
    );
    expect(reply).toMatchObject({ via: 'session', msgtype: 'markdown', highlighted: ['u-zhang'] });
    expect(reply?.body).toMatchObject({
      markdown: { text: '**已认领**\n\n订单 TB123 交给你了\n\n@u-zhang' },
    });
  });

  it('handles a redelivered robot message once when its ack was lost', async () => {
    emu = await start({ redeliverAfterMs: 20, maxRedeliveries: 1 });
    let dropped = 0;
    const ws = spyWebSocket((t) => t.includes('response\\":null') && dropped++ === 0);
    const h = fakeHandler();
    await connected(emu, h, { WebSocket: ws.WebSocket });
    const pushed = emu.pushRobotMessage(message);
    await eventually(() => emu?.frames()[0]?.acked);
    expect(emu.frames()[0]?.deliveries).toHaveLength(2);
    await eventually(() => emu?.webhookMessages(CID).length);
    await sleep(30);
    expect(h.events.map((e) => e.eventId)).toEqual([pushed.msgId]);
    expect(emu.webhookMessages(CID)).toHaveLength(1);
  });

  it('survives a handler that throws and stays connected', async () => {
    emu = await start();
    const h = fakeHandler(() => Promise.reject(new Error('boom')));
    await connected(emu, h);
    emu.pushRobotMessage(message);
    await eventually(() => h.events.length === 1);
    await sleep(20);
    expect(client?.status().connected).toBe(true);
    expect(emu.webhookMessages(CID)).toEqual([]);
  });
});

describe('dingtalk stream client: card callbacks', () => {
  it('gives the handler the button and shows the answer to the clicker only, within the deadline', async () => {
    emu = await start();
    await deliverCard(emu);
    const h = fakeHandler();
    await connected(emu, h);
    const r = await emu.clickCard(click);
    expect(r).toMatchObject({ acked: true, late: false });
    const frame = emu.frames().find((f) => f.topic === '/v1.0/card/instances/callback');
    expect(h.events).toEqual([
      {
        platform: 'dingtalk',
        eventId: frame?.messageId,
        actor: { platformUserId: 'u-zhang', name: null },
        kind: 'button',
        buttonKey: 'ow1.claim.al_123',
        chat: { type: 'group', id: CID },
        card: { outTrackId: 'al_123-r1' },
        receivedAt: expect.any(Date),
      },
    ]);
    expect(emu.cardViewFor('al_123-r1', 'u-zhang')?.status).toBe('已认领');
    expect(emu.cardViewFor('al_123-r1', 'u-li')?.status).toBe('待处理');
  });

  it('answers a slow handler with the interim status on time, then the card update reaches everyone', async () => {
    emu = await start();
    await deliverCard(emu);
    const held = gate<Reply>();
    const h = fakeHandler(() => held.wait);
    await connected(emu, h, { cardAnswerMs: 20 });
    expect(await emu.clickCard(click)).toMatchObject({ acked: true, late: false });
    expect(emu.cardViewFor('al_123-r1', 'u-zhang')?.status).toBe('处理中…');
    held.open(OK_REPLY);
    const put = { outTrackId: 'al_123-r1', cardData: { cardParamMap: { status: '张三 已认领' } } };
    await call(
      emu.url,
      'PUT',
      '/v1.0/card/instances',
      { ...put, cardUpdateOptions: { updateCardDataByKey: true } },
      {
        'x-acs-dingtalk-access-token': await token(emu.url),
      },
    );
    expect(emu.cardViewFor('al_123-r1', 'u-zhang')?.status).toBe('张三 已认领');
    expect(emu.cardViewFor('al_123-r1', 'u-li')?.status).toBe('张三 已认领');
    expect(client?.status().connected).toBe(true);
  });

  it('tells the clicker it failed when the handler throws', async () => {
    emu = await start();
    await deliverCard(emu);
    await connected(
      emu,
      fakeHandler(() => Promise.reject(new Error('db down'))),
    );
    expect(await emu.clickCard(click)).toMatchObject({ acked: true, late: false });
    expect(emu.cardViewFor('al_123-r1', 'u-zhang')?.status).toBe('处理失败，请稍后重试');
  });

  it('gives a redelivered click the same eventId', async () => {
    emu = await start({ redeliverAfterMs: 20, maxRedeliveries: 1 });
    await deliverCard(emu);
    let dropped = 0;
    const ws = spyWebSocket((t) => t.includes('cardUpdateOptions') && dropped++ === 0);
    const h = fakeHandler();
    await connected(emu, h, { WebSocket: ws.WebSocket });
    void emu.clickCard(click);
    await eventually(() => h.events.length === 2);
    expect(h.events[1]?.eventId).toBe(h.events[0]?.eventId);
  });
});
