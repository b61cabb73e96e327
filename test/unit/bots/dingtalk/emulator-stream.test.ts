import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CID, CLIENT_ID, CLIENT_SECRET, call, start, until } from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await emu?.close();
  emu = null;
});

const SUBSCRIPTIONS = [
  { type: 'EVENT', topic: '*' },
  { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
  { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
  { type: 'SYSTEM', topic: 'ping' },
];

async function openTicket(e: Emu, extra: Record<string, unknown> = {}) {
  const r = await call(
    e.url,
    'POST',
    '/v1.0/gateway/connections/open',
    {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      subscriptions: SUBSCRIPTIONS,
      ua: 'orderwatch-test/1',
      ...extra,
    },
    { accept: 'application/json' },
  );
  return r.body as { endpoint: string; ticket: string };
}

interface Frame {
  type: string;
  headers: Record<string, string>;
  data: string;
}

/** A client that records frames and, unless told otherwise, acks like SDK215 does. */
async function connect(e: Emu, opts: { ack?: (f: Frame) => unknown | undefined } = {}) {
  const { endpoint, ticket } = await openTicket(e);
  const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
  sockets.push(ws);
  const frames: Frame[] = [];
  ws.on('message', (raw) => {
    const f = JSON.parse(String(raw)) as Frame;
    frames.push(f);
    const response = opts.ack ? opts.ack(f) : null;
    if (response === undefined) return;
    const data = f.headers.topic === 'ping' ? f.data : JSON.stringify({ response });
    ws.send(
      JSON.stringify({
        code: 200,
        headers: { messageId: f.headers.messageId, contentType: 'application/json' },
        message: 'OK',
        data,
      }),
    );
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return { ws, frames };
}

describe('dingtalk emulator: Stream gateway', () => {
  it('records the open request with SYSTEM subscriptions, extra keys and the Accept header', async () => {
    emu = await start();
    const { endpoint, ticket } = await openTicket(emu, { extras: { k: 'v' } });
    expect(endpoint).toBe(`${emu.url.replace('http', 'ws')}/connect`);
    expect(ticket).toEqual(expect.any(String));
    const bad = await call(emu.url, 'POST', '/v1.0/gateway/connections/open', {
      clientId: CLIENT_ID,
      clientSecret: 'x',
    });
    expect(bad.status).toBe(400);
    const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
    sockets.push(ws);
    await new Promise((r) => ws.once('open', r));
    expect(emu.connections()[0]).toMatchObject({
      accept: 'application/json',
      extraKeys: ['extras'],
      subscriptions: SUBSCRIPTIONS,
    });
  });

  it('refuses a ticket used a second time', async () => {
    emu = await start();
    const { endpoint, ticket } = await openTicket(emu);
    const first = new WebSocket(`${endpoint}?ticket=${ticket}`);
    sockets.push(first);
    await new Promise((r) => first.once('open', r));
    const second = new WebSocket(`${endpoint}?ticket=${ticket}`);
    sockets.push(second);
    const err = await new Promise<Error>((r) => second.once('error', r));
    expect(err.message).toContain('401');
  });

  it('refuses a ticket older than 90 s on the injected clock', async () => {
    let now = 1_000_000;
    emu = await start({ now: () => now });
    const { endpoint, ticket } = await openTicket(emu);
    now += 90_001;
    const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
    sockets.push(ws);
    await expect(new Promise((_r, reject) => ws.once('error', reject))).rejects.toThrow('401');
  });

  it('pushes a robot message as a CALLBACK frame with string headers and double-encoded data', async () => {
    emu = await start();
    const client = await connect(emu);
    const sent = emu.pushRobotMessage({
      conversationId: CID,
      senderStaffId: 'u-zhang',
      senderNick: '张三',
      text: '认领 123',
    });
    const frame = await until(() => client.frames.find((f) => f.headers.messageId === sent.messageId));
    expect(frame.type).toBe('CALLBACK');
    expect(Object.keys(frame.headers).sort()).toEqual([
      'appId',
      'connectionId',
      'contentType',
      'messageId',
      'time',
      'topic',
    ]);
    expect(Object.values(frame.headers).every((v) => typeof v === 'string')).toBe(true);
    const data = JSON.parse(frame.data);
    expect(data).toMatchObject({
      conversationId: CID,
      conversationType: '2',
      text: { content: ' 认领 123' },
      isInAtList: true,
      msgId: sent.msgId,
    });
    expect(data.sessionWebhook).toBe(sent.sessionWebhook);
    await until(() => emu?.frames()[0]?.acked);
  });

  it('redelivers an unacked frame with the same messageId and stops once it is acked', async () => {
    emu = await start({ redeliverAfterMs: 30, maxRedeliveries: 5 });
    let seen = 0;
    const client = await connect(emu, { ack: () => (++seen >= 2 ? null : undefined) });
    const sent = emu.pushRobotMessage({
      conversationId: CID,
      senderStaffId: 'u-li',
      senderNick: '李四',
      text: 'hi',
    });
    await until(() => emu?.frames()[0]?.acked);
    const ids = client.frames.filter((f) => f.headers.topic !== 'ping').map((f) => f.headers.messageId);
    expect(ids).toEqual([sent.messageId, sent.messageId]);
    expect(emu.frames()[0]?.deliveries).toHaveLength(2);
  });

  it('pushes each frame to one of several connections, not to all', async () => {
    emu = await start();
    const a = await connect(emu);
    const b = await connect(emu);
    for (let i = 0; i < 6; i++)
      emu.pushRobotMessage({ conversationId: CID, senderStaffId: 'u-li', senderNick: '李四', text: `m${i}` });
    await until(() => emu?.frames().every((f) => f.acked));
    expect(a.frames.length + b.frames.length).toBe(6);
  });

  it('counts a SYSTEM ping as echoed only when the client returns the same data', async () => {
    emu = await start();
    await connect(emu);
    expect(await emu.ping()).toBe(true);
    expect(emu.connections()[0]).toMatchObject({ pingsSent: 1, pingsEchoed: 1 });
  });

  it('sends SYSTEM pings on its own every pingIntervalMs', async () => {
    emu = await start({ pingIntervalMs: 20 });
    const client = await connect(emu);
    const ping = await until(() => client.frames.find((f) => f.headers.topic === 'ping'));
    expect(ping.type).toBe('SYSTEM');
    expect(JSON.parse(ping.data)).toHaveProperty('opaque');
  });

  it('answers WebSocket-level pings', async () => {
    emu = await start();
    const { ws } = await connect(emu);
    const pong = new Promise((r) => ws.once('pong', r));
    ws.ping();
    await expect(pong).resolves.toBeDefined();
  });

  it('announces a disconnect with a SYSTEM frame and closes the socket after the delay', async () => {
    emu = await start({ disconnectCloseDelayMs: 20 });
    const { ws, frames } = await connect(emu);
    const closed = new Promise((r) => ws.once('close', r));
    emu.disconnect('persistent connection is timeout');
    await closed;
    expect(frames.find((f) => f.headers.topic === 'disconnect')?.data).toBe(
      '{"reason":"persistent connection is timeout"}',
    );
  });
});
