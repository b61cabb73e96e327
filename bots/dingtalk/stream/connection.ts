// Opening one Stream connection (§1.1, §1.2): POST connections/open for an endpoint and a single-use
// ticket, then the WebSocket to `${endpoint}?ticket=…`. Errors never carry the secret or the ticket.
import type WebSocket from 'ws';
import type { DingtalkConfig } from '../../../src/config/types.js';
import { scrub } from '../../../src/config/secrets.js';
import { SUBSCRIPTIONS } from './frames.js';

export const UA = 'orderwatch/0.1';
const OPEN_TIMEOUT_MS = 10_000;

export class StreamConnectError extends Error {}

/** The `ws` class, or anything constructed like it (tests wrap it). */
export type WebSocketCtor = new (url: string, options?: WebSocket.ClientOptions) => WebSocket;

async function openTicket(config: DingtalkConfig, doFetch: typeof fetch) {
  const app = config.app;
  if (!app) throw new StreamConnectError('dingtalk stream: no app credentials');
  const res = await doFetch(`${config.apiBase}/v1.0/gateway/connections/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      subscriptions: SUBSCRIPTIONS,
      ua: UA,
    }),
    signal: AbortSignal.timeout(OPEN_TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  const { endpoint, ticket, code } = body ?? {};
  if (res.status !== 200 || typeof endpoint !== 'string' || typeof ticket !== 'string') {
    const what = typeof code === 'string' ? ` ${code.slice(0, 80)}` : '';
    throw new StreamConnectError(`dingtalk stream: connections/open HTTP ${res.status}${what}`);
  }
  return { endpoint, ticket };
}

function openSocket(Ctor: WebSocketCtor, url: string): Promise<WebSocket> {
  const ws = new Ctor(url, { handshakeTimeout: OPEN_TIMEOUT_MS });
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(err);
    };
    ws.once('error', fail);
    ws.once('close', () => fail(new Error('closed during the handshake')));
    ws.once('open', () => {
      ws.removeAllListeners();
      resolve(ws);
    });
  });
}

/** A connected socket (the caller attaches its listeners at once), or a StreamConnectError. */
export async function connectStream(
  config: DingtalkConfig,
  doFetch: typeof fetch,
  Ctor: WebSocketCtor,
): Promise<WebSocket> {
  let ticket = '';
  try {
    const t = await openTicket(config, doFetch);
    ticket = t.ticket;
    return await openSocket(Ctor, `${t.endpoint}?ticket=${encodeURIComponent(ticket)}`);
  } catch (err) {
    if (err instanceof StreamConnectError) throw err;
    const e = err as Error;
    const secrets = [ticket, encodeURIComponent(ticket), config.app?.clientSecret ?? ''];
    throw new StreamConnectError(scrub(`dingtalk stream: ${e.name}: ${e.message}`, secrets).slice(0, 300));
  }
}
