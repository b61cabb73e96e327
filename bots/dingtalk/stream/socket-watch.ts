// Socket housekeeping for the Stream client: WS-level keepalive (a socket that missed a pong is
// terminated, which the client sees as a close) and retired sockets closed after a grace period.
import type WebSocket from 'ws';
import type { Logger } from '../../../src/lib/logger.js';

export interface SocketWatchDeps {
  log: Logger;
  keepAliveMs: number;
  retireAfterMs: number;
}

export function createSocketWatch(deps: SocketWatchDeps) {
  const sockets = new Set<WebSocket>();

  function keepAlive(ws: WebSocket): void {
    sockets.add(ws);
    let alive = true;
    ws.on('pong', () => (alive = true));
    const pinger = setInterval(() => {
      if (!alive) {
        deps.log.warn('dingtalk stream: no pong, dropping the connection');
        return ws.terminate();
      }
      alive = false;
      ws.ping();
    }, deps.keepAliveMs);
    pinger.unref();
    ws.once('close', () => (clearInterval(pinger), sockets.delete(ws)));
  }

  /** The gateway closes a disconnected socket ~10 s later (§1.4); make sure it does go. */
  function retire(ws: WebSocket): void {
    const t = setTimeout(() => ws.close(1000, 'retired'), deps.retireAfterMs);
    t.unref();
    ws.once('close', () => clearTimeout(t));
  }

  /** Closes every socket still open (the current one first). */
  function closeAll(first?: WebSocket): void {
    for (const ws of [first, ...sockets]) {
      if (ws && ws.readyState !== ws.CLOSED) ws.close(1000, 'stopping');
    }
  }

  return { keepAlive, retire, closeAll };
}
