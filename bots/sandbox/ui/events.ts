// GET /sandbox/events: Server-Sent Events. One poller (every ~500 ms, only while someone listens) compares
// a fingerprint of the emulators' views and sends `event: change` to every listener when it moves.
import type { ServerResponse } from 'node:http';

export interface ChangeFeed {
  /** Starts streaming to `res` (headers written here); returns the function that stops it. */
  attach(res: ServerResponse): () => void;
  /** Ends every stream (the app is closing). */
  close(): void;
}

const HEARTBEAT_TICKS = 30;

export function createChangeFeed(fingerprint: () => string, intervalMs = 500): ChangeFeed {
  const listeners = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;
  let last = '';
  let version = 0;
  let ticks = 0;

  const send = (chunk: string) => {
    for (const res of listeners) res.write(chunk);
  };
  const tick = () => {
    let now: string;
    try {
      now = fingerprint();
    } catch {
      return; // an emulator closing under us: try again next tick
    }
    ticks += 1;
    if (now !== last) {
      last = now;
      version += 1;
      send(`event: change\ndata: ${JSON.stringify({ version })}\n\n`);
    } else if (ticks % HEARTBEAT_TICKS === 0) send(': ping\n\n');
  };
  const stop = (res: ServerResponse) => {
    listeners.delete(res);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };

  return {
    attach(res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      if (listeners.size === 0) last = fingerprint(); // a new listener hears changes from now on
      listeners.add(res);
      timer ??= setInterval(tick, intervalMs);
      return () => stop(res);
    },
    close() {
      for (const res of [...listeners]) {
        stop(res);
        res.end();
      }
    },
  };
}
