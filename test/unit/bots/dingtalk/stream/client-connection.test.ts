import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStreamClient, type StreamClient } from '../../../../../bots/dingtalk/stream/index.js';
import { CID, CLIENT_ID, CLIENT_SECRET, start } from '../helpers.js';
import { dtConfig, eventually, fakeHandler, memoryLog, sleep, spyWebSocket } from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu | null = null;
let client: StreamClient | null = null;

afterEach(async () => {
  await client?.stop();
  await emu?.close();
  client = emu = null;
});

const OPEN = '/v1.0/gateway/connections/open';
const opens = (e: Emu) => e.requests(OPEN);
const live = (e: Emu) => e.connections().filter((c) => c.closedAt === null);

function make(e: Emu, over: Partial<Parameters<typeof createStreamClient>[0]> = {}) {
  client = createStreamClient({
    config: dtConfig(e.url),
    handler: fakeHandler().handler,
    log: memoryLog().log,
    backoff: { baseMs: 5, maxMs: 20 },
    ...over,
  });
  return client;
}

describe('dingtalk stream client: connection', () => {
  it('opens with Accept JSON, its ua and both callback topics, and reports connected', async () => {
    emu = await start();
    const c = make(emu);
    expect(c.status()).toMatchObject({ connected: false, since: null, reconnects: 0 });
    await c.start();
    expect(c.status()).toMatchObject({ connected: true, since: expect.any(Date), reconnects: 0 });
    expect(opens(emu)[0]?.body).toEqual({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      subscriptions: [
        { type: 'EVENT', topic: '*' },
        { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
        { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
      ],
      ua: 'orderwatch/0.1',
    });
    expect(emu.connections()).toMatchObject([{ accept: 'application/json', ua: 'orderwatch/0.1' }]);
  });

  it('echoes SYSTEM ping and acks EVENT frames SUCCESS', async () => {
    emu = await start();
    await make(emu).start();
    expect(await emu.ping()).toBe(true);
    expect(emu.connections()[0]).toMatchObject({ pingsSent: 1, pingsEchoed: 1 });
    const f = emu.pushFrame('EVENT', 'chat_update_title', { title: 'x' });
    await eventually(() => emu?.frames().find((x) => x.messageId === f.messageId)?.acked);
  });

  it('opens a fresh connection with a new ticket on SYSTEM disconnect and keeps serving', async () => {
    emu = await start({ disconnectCloseDelayMs: 30 });
    const h = fakeHandler();
    const c = make(emu, { handler: h.handler });
    await c.start();
    emu.disconnect('persistent connection is timeout');
    await eventually(() => emu && live(emu).length === 1 && emu.connections().length === 2);
    expect(c.status()).toMatchObject({ connected: true, reconnects: 1 });
    const tickets = opens(emu).map((r) => (r.response as { ticket: string }).ticket);
    expect(new Set(tickets).size).toBe(2);
    emu.pushRobotMessage({ conversationId: CID, senderStaffId: 'u-li', senderNick: '李四', text: '帮助' });
    await eventually(() => h.events.length === 1);
  });

  it('reconnects after the gateway drops the socket', async () => {
    emu = await start();
    const ws = spyWebSocket();
    const c = make(emu, { WebSocket: ws.WebSocket });
    await c.start();
    ws.instances[0]?.terminate();
    await eventually(() => c.status().reconnects === 1 && c.status().connected);
    expect(opens(emu)).toHaveLength(2);
  });

  it('makes ONE reconnect out of 10 simultaneous close events', async () => {
    emu = await start();
    const ws = spyWebSocket();
    const c = make(emu, { WebSocket: ws.WebSocket, random: () => 0 });
    await c.start();
    const first = ws.instances[0];
    for (let i = 0; i < 10; i++) first?.emit('close', 1006, Buffer.from(''));
    await eventually(() => c.status().reconnects === 1 && c.status().connected);
    await sleep(30);
    expect(opens(emu)).toHaveLength(2);
    expect(ws.instances).toHaveLength(2);
  });

  it('retries a refusing gateway with jittered backoff, one attempt at a time', async () => {
    emu = await start();
    emu.fail({ kind: 'http5xx', count: 3, path: OPEN });
    const random = vi.fn(() => 0.5);
    const c = make(emu, { random });
    await c.start();
    expect(c.status()).toMatchObject({ connected: false, lastError: expect.stringContaining('HTTP 502') });
    await eventually(() => c.status().connected);
    expect(opens(emu)).toHaveLength(4);
    expect(random).toHaveBeenCalledTimes(3);
    expect(c.status()).toMatchObject({ reconnects: 0, lastError: null });
  });

  it('keeps retrying wrong credentials without a storm and never shows the secret', async () => {
    emu = await start();
    const mem = memoryLog();
    const c = make(emu, { config: dtConfig(emu.url, 'wrong-secret-value-123'), log: mem.log });
    await c.start();
    await eventually(() => opens(emu!).length >= 3);
    const n = opens(emu).length;
    expect(c.status().lastError).toContain('invalidClientIdOrSecret');
    await c.stop();
    await sleep(40);
    expect(opens(emu)).toHaveLength(n);
    expect(mem.text()).not.toContain('wrong-secret-value-123');
    expect(mem.text()).toContain('connect failed');
  });

  it('stops reconnecting and closes its socket on stop()', async () => {
    emu = await start();
    const c = make(emu);
    await c.start();
    await c.stop();
    await eventually(() => emu && live(emu).length === 0);
    expect(c.status().connected).toBe(false);
    emu.fail({ kind: 'http5xx', count: 1, path: OPEN });
    await sleep(40);
    expect(opens(emu)).toHaveLength(1);
  });
});
