// The Stream gateway (dingtalk.md §1, §9): connections/open hands out single-use 90 s tickets; the WS
// pushes frames to ONE random subscribed connection, redelivers unacked ones with the same messageId,
// pings with SYSTEM frames and expects an echo, and can announce a disconnect.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EmulatorContext } from './context.js';
import { ApiError } from './errors.js';
import type { ConnectionView, FrameRecord, OpenRequest, StreamAck, Subscription } from './stream-types.js';

const TICKET_TTL_MS = 90_000;
const KNOWN_OPEN_KEYS = ['clientId', 'clientSecret', 'subscriptions', 'ua', 'localIp'];

interface Conn extends ConnectionView {
  ws: WebSocket;
}

export function createGateway(ctx: EmulatorContext) {
  const wss = new WebSocketServer({ noServer: true });
  let tickets = new Map<string, OpenRequest & { expiresAt: number; used: boolean }>();
  let conns: Conn[] = [];
  let frames = new Map<string, FrameRecord>();
  let pings = new Map<string, { conn: Conn; data: string }>();
  const waiters = new Map<string, ((ack: StreamAck) => void)[]>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };

  function open(body: Record<string, unknown>, accept: string | null): { endpoint: string; ticket: string } {
    if (body.clientId !== ctx.opts.clientId || body.clientSecret !== ctx.opts.clientSecret) {
      // Shape UNCONFIRMED (§1.1): the new-API dialect is the likely one.
      throw new ApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    }
    const ticket = randomUUID();
    tickets.set(ticket, {
      at: ctx.now(),
      accept,
      clientId: body.clientId,
      subscriptions: Array.isArray(body.subscriptions) ? (body.subscriptions as Subscription[]) : [],
      ua: typeof body.ua === 'string' ? body.ua : null,
      localIp: typeof body.localIp === 'string' ? body.localIp : null,
      extraKeys: Object.keys(body).filter((k) => !KNOWN_OPEN_KEYS.includes(k)),
      expiresAt: ctx.now() + TICKET_TTL_MS,
      used: false,
    });
    return { endpoint: `${ctx.url.replace(/^http/, 'ws')}/connect`, ticket };
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const t = tickets.get(url.searchParams.get('ticket') ?? '');
    if (url.pathname !== '/connect' || !t || t.used || t.expiresAt <= ctx.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    t.used = true;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const { expiresAt: _e, used: _u, ...request } = t;
      const conn: Conn = {
        ...request,
        ws,
        connectionId: randomUUID(),
        openedAt: ctx.now(),
        closedAt: null,
        pingsSent: 0,
        pingsEchoed: 0,
      };
      conns.push(conn);
      ws.on('message', (raw) => onMessage(conn, String(raw)));
      ws.on('close', () => (conn.closedAt = ctx.now()));
    });
  }

  function onMessage(conn: Conn, raw: string): void {
    let ack: StreamAck;
    try {
      ack = JSON.parse(raw) as StreamAck;
    } catch {
      return; // not an ack: the real gateway ignores garbage too (UNCONFIRMED)
    }
    const id = typeof ack.headers?.messageId === 'string' ? ack.headers.messageId : '';
    const ping = pings.get(id);
    if (ping && ack.code === 200 && ack.data === ping.data) ping.conn.pingsEchoed += 1;
    const frame = frames.get(id);
    if (frame && !frame.acked) {
      frame.ack = ack;
      frame.ackAt = ctx.now();
      frame.acked = ack.code === 200 && (frame.type !== 'EVENT' || eventSucceeded(ack.data));
    }
    for (const resolve of waiters.get(id) ?? []) resolve(ack);
    waiters.delete(id);
  }

  const live = () => conns.filter((c) => c.closedAt === null && c.ws.readyState === c.ws.OPEN);

  function subscribed(c: Conn, f: FrameRecord): boolean {
    return c.subscriptions.some(
      (s) => s.type === f.type && (s.topic === f.topic || (f.type === 'EVENT' && s.topic === '*')),
    );
  }

  function deliver(f: FrameRecord, conn?: Conn): void {
    const candidates = conn ? [conn] : live().filter((c) => subscribed(c, f));
    const c = candidates[Math.floor(Math.random() * candidates.length)];
    if (!c) return;
    const headers = {
      appId: ctx.opts.clientId,
      connectionId: c.connectionId,
      contentType: 'application/json',
      messageId: f.messageId,
      time: String(ctx.now()),
      topic: f.topic,
    };
    c.ws.send(JSON.stringify({ specVersion: '1.0', type: f.type, headers, data: f.data }));
    f.deliveries.push({ connectionId: c.connectionId, at: ctx.now() });
  }

  function scheduleRedelivery(f: FrameRecord, left: number): void {
    if (left <= 0) return;
    later(ctx.opts.redeliverAfterMs, () => {
      if (f.acked || !frames.has(f.messageId)) return;
      deliver(f);
      scheduleRedelivery(f, left - 1);
    });
  }

  function push(type: FrameRecord['type'], topic: string, data: unknown): FrameRecord {
    const messageId = `${randomUUID().slice(0, 8)}_${Date.now().toString(16)}`;
    const f: FrameRecord = {
      messageId,
      type,
      topic,
      data: JSON.stringify(data),
      deliveries: [],
      acked: false,
      ack: null,
      ackAt: null,
    };
    frames.set(messageId, f);
    deliver(f);
    scheduleRedelivery(f, ctx.opts.maxRedeliveries);
    return f;
  }

  function waitAck(messageId: string, ms: number): Promise<StreamAck | null> {
    return new Promise((resolve) => {
      const list = waiters.get(messageId) ?? [];
      list.push(resolve);
      waiters.set(messageId, list);
      later(ms, () => resolve(null));
    });
  }

  function sendSystem(conn: Conn, topic: string, data: unknown): string {
    const messageId = randomUUID();
    const headers = { contentType: 'application/json', messageId, time: String(ctx.now()), topic };
    const body = JSON.stringify(data);
    conn.ws.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers, data: body }));
    if (topic === 'ping') {
      pings.set(messageId, { conn, data: body });
      conn.pingsSent += 1;
    }
    return messageId;
  }

  /** Pings every live connection (or one); resolves true when all echoed within `ms`. */
  async function ping(connectionId?: string, ms = 1_000): Promise<boolean> {
    const targets = live().filter((c) => connectionId === undefined || c.connectionId === connectionId);
    const acks = targets.map((c) => waitAck(sendSystem(c, 'ping', { opaque: randomUUID() }), ms));
    return (await Promise.all(acks)).every((a) => a?.code === 200);
  }

  function disconnect(reason: string, connectionId?: string): void {
    for (const c of live().filter((x) => connectionId === undefined || x.connectionId === connectionId)) {
      sendSystem(c, 'disconnect', { reason });
      later(ctx.opts.disconnectCloseDelayMs, () => c.ws.close(1000, 'disconnect'));
    }
  }

  /** A network cut: the sockets die without a SYSTEM disconnect or a close frame. */
  function drop(connectionId?: string): number {
    const cut = live().filter((x) => connectionId === undefined || x.connectionId === connectionId);
    for (const c of cut) {
      c.closedAt = ctx.now();
      c.ws.terminate();
    }
    return cut.length;
  }

  let pinger: NodeJS.Timeout | null = null;
  return {
    register(app: FastifyInstance, server: Server): void {
      app.post('/v1.0/gateway/connections/open', async (req) =>
        open((req.body ?? {}) as Record<string, unknown>, req.headers.accept ?? null),
      );
      server.on('upgrade', onUpgrade);
      const every = ctx.opts.pingIntervalMs;
      if (every !== null) pinger = setInterval(() => void ping(undefined, every), every);
    },
    push,
    waitAck,
    ping,
    disconnect,
    drop,
    connections: (): ConnectionView[] => conns.map(({ ws: _ws, ...view }) => view),
    frames: (): FrameRecord[] => [...frames.values()],
    reset(): void {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      tickets = new Map();
      frames = new Map();
      pings = new Map();
      conns = conns.filter((c) => c.closedAt === null);
    },
    async close(): Promise<void> {
      if (pinger) clearInterval(pinger);
      for (const t of timers) clearTimeout(t);
      for (const c of conns) c.ws.terminate();
      conns = [];
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function eventSucceeded(data: string | undefined): boolean {
  try {
    return (JSON.parse(data ?? '{}') as { status?: string }).status === 'SUCCESS';
  } catch {
    return false;
  }
}

export type Gateway = ReturnType<typeof createGateway>;
