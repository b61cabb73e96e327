// Fixtures for the Stream client and HTTP robot tests: the app config pointing at the emulator, a
// hand-written InteractionHandler that records events and answers as told, and a logger kept in memory.
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import type { InteractionHandler, PlatformEvent, Reply } from '../../../../../src/actions/types.js';
import type { DingtalkConfig } from '../../../../../src/config/types.js';
import { createLogger } from '../../../../../src/lib/logger.js';
import { CLIENT_ID, CLIENT_SECRET, TEMPLATE, until } from '../helpers.js';

export function dtConfig(url: string, secret = CLIENT_SECRET): DingtalkConfig {
  return {
    apiBase: url,
    oapiBase: url,
    app: { clientId: CLIENT_ID, clientSecret: secret, robotCode: CLIENT_ID, cardTemplateId: TEMPLATE },
    webhook: null,
  };
}

export const OK_REPLY: Reply = {
  result: 'ok',
  text: '**已认领**\n订单 TB123 交给你了',
  buttonText: '已认领',
};

/** Records every event; answers with `answer` (default OK_REPLY at once). */
export function fakeHandler(answer: (e: PlatformEvent) => Promise<Reply> | Reply = () => OK_REPLY) {
  const events: PlatformEvent[] = [];
  const handler: InteractionHandler = {
    async handle(e) {
      events.push(e);
      return answer(e);
    },
  };
  return { handler, events };
}

/** A promise with its resolve, to hold a handler until the test lets it go. */
export function gate<T = void>() {
  let open!: (v: T) => void;
  const wait = new Promise<T>((r) => (open = r));
  return { wait, open };
}

export function memoryLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('trace', stream), text: () => lines.join('') };
}

/** A WebSocket that remembers every instance and can drop outgoing messages matching `drop`. */
export function spyWebSocket(drop: (text: string) => boolean = () => false) {
  const instances: WebSocket[] = [];
  class Spy extends WebSocket {
    constructor(address: string, options?: WebSocket.ClientOptions) {
      super(address, options);
      instances.push(this);
      const send = this.send.bind(this);
      this.send = ((data: string, cb?: (err?: Error) => void) =>
        drop(String(data)) ? cb?.() : send(data, cb ?? (() => undefined))) as typeof this.send;
    }
  }
  return { WebSocket: Spy, instances };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls like `until`, with room for a loaded machine (nothing about timing is asserted). */
export const eventually = <T>(check: () => T | undefined | null | false) => until(check, 5_000);
