// The DingTalk Stream client (dingtalk.md §1; DESIGN.md §5: our own, on `ws`, instead of dingtalk-stream).
// One connection at a time per process (several processes may each hold one: the gateway load-shares).
// Reconnects with exponential backoff and full jitter, ONE connect in flight however many close/error
// events arrive (the SDK's reconnect storm, §1.8), the backoff reset after a stable connection, and a
// fresh ticket for every connection (tickets are single-use).
import WebSocket from 'ws';
import type { InteractionHandler } from '../../../src/actions/types.js';
import type { DingtalkConfig } from '../../../src/config/types.js';
import { systemClock, type Clock } from '../../../src/lib/clock.js';
import type { Logger } from '../../../src/lib/logger.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
import { connectStream, type WebSocketCtor } from './connection.js';
import { createDispatcher } from './dispatch.js';
import { parseFrame } from './frames.js';
import { createRobotReplier, type RobotReplier } from './replier.js';
import { createSocketWatch } from './socket-watch.js';

export interface StreamClientDeps {
  config: DingtalkConfig;
  handler: InteractionHandler;
  log: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
  WebSocket?: WebSocketCtor;
  random?: () => number;
  backoff?: BackoffOptions;
  /** Card callbacks must be answered within 2 s (§3.4); this leaves room for the network. */
  cardAnswerMs?: number;
  /** WS-level ping interval; a socket that missed a pong by the next one is dropped. */
  keepAliveMs?: number;
  /** After a SYSTEM disconnect the old socket is closed by the gateway; we close it after this anyway. */
  retireAfterMs?: number;
  replier?: RobotReplier;
}

export interface StreamStatus {
  connected: boolean;
  /** When the current state (connected or not) began; null before start(). */
  since: Date | null;
  /** Connections established after the first one. */
  reconnects: number;
  /** The last connect failure, scrubbed. */
  lastError: string | null;
}

export interface StreamClient {
  /** Connects (retrying in the background on failure); never rejects. */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): StreamStatus;
}

export function createStreamClient(deps: StreamClientDeps): StreamClient {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const doFetch = deps.fetch ?? fetch;
  const random = deps.random ?? Math.random;
  const backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };
  const replier = deps.replier ?? createRobotReplier({ config, clock, log, fetch: doFetch });
  const dispatcher = createDispatcher({
    handler: deps.handler,
    replier,
    log,
    clock,
    cardAnswerMs: deps.cardAnswerMs ?? 1_500,
  });
  const watch = createSocketWatch({
    log,
    keepAliveMs: deps.keepAliveMs ?? 30_000,
    retireAfterMs: deps.retireAfterMs ?? 15_000,
  });

  let stopped = true;
  let current: { ws: WebSocket; openedAt: number } | null = null;
  let inflight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let opened = 0;
  let since: Date | null = null;
  let lastError: string | null = null;

  function adopt(ws: WebSocket): void {
    const conn = { ws, openedAt: clock.now().getTime() };
    current = conn;
    since = clock.now();
    if (opened++ > 0) log.info({ reconnects: opened - 1 }, 'dingtalk stream reconnected');
    else log.info('dingtalk stream connected');
    const send = (text: string) => ws.send(text, (err) => err && log.debug('dingtalk stream send failed'));
    ws.on('message', (raw) => {
      const frame = parseFrame(String(raw));
      if (frame) dispatcher.onFrame(frame, send, () => retire(conn));
    });
    ws.on('close', (code) => onClose(conn, code));
    ws.on('error', (err) => log.warn({ error: err.name }, 'dingtalk stream socket error'));
    watch.keepAlive(ws);
  }

  function onClose(conn: { ws: WebSocket; openedAt: number }, code: number): void {
    if (conn !== current) return; // a retired socket, or a repeated event
    current = null;
    conn.ws.terminate(); // already closed in practice; never leave a half-dead socket dispatching
    since = clock.now();
    if (since.getTime() - conn.openedAt >= backoff.stableMs) attempt = 0;
    log.warn({ code }, 'dingtalk stream closed');
    schedule();
  }

  /** SYSTEM disconnect: keep serving the old socket until the gateway closes it; open a fresh one now. */
  function retire(conn: { ws: WebSocket; openedAt: number }): void {
    if (conn !== current) return;
    log.info('dingtalk stream: gateway asked to reconnect');
    current = null;
    watch.retire(conn.ws);
    void connect();
  }

  function connect(): Promise<void> {
    if (stopped || inflight || timer || current) return inflight ?? Promise.resolve();
    const run = async () => {
      try {
        const ws = await connectStream(config, doFetch, deps.WebSocket ?? WebSocket);
        inflight = null;
        if (stopped) return void ws.close(1000);
        lastError = null;
        adopt(ws);
      } catch (err) {
        inflight = null;
        lastError = (err as Error).message;
        log.warn({ error: lastError, attempt }, 'dingtalk stream connect failed');
        schedule();
      }
    };
    inflight = run();
    return inflight;
  }

  function schedule(): void {
    if (stopped || timer || inflight || current) return;
    const delay = backoffDelay(attempt++, backoff, random);
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
  }

  return {
    async start() {
      if (!stopped) return;
      if (!config.app) throw new Error('dingtalk stream: DINGTALK_CLIENT_ID/SECRET are not set');
      stopped = false;
      since = clock.now();
      await connect();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await inflight;
      const ws = current?.ws;
      current = null;
      since = clock.now();
      watch.closeAll(ws);
      await dispatcher.drain(2_000);
    },
    status: () => ({ connected: current !== null, since, reconnects: Math.max(0, opened - 1), lastError }),
  };
}
