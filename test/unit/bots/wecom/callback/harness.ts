// The callback routes in a fastify app (behind the app's own JSON body parser, as in production), an
// emulator pointed at them, a fake InteractionHandler and a captured pino log.
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { InteractionHandler, PlatformEvent, Reply } from '../../../../../src/actions/types.js';
import type { WecomConfig } from '../../../../../src/config/types.js';
import { registerJsonBody } from '../../../../../src/http/json-body.js';
import { createLogger } from '../../../../../src/lib/logger.js';
import { wecomAppCallbackRoutes, wecomBotCallbackRoutes } from '../../../../../bots/wecom/index.js';
import type { WecomEmulator } from '../../../../../bots/sandbox/wecom/index.js';
import { AGENT_ID, CORP_ID, CORP_SECRET, startEmulator, type TestClock } from '../helpers.js';

export const TOKEN = 'cbTokenDoNotLeak42';
export const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
export const BOT_TOKEN = 'botTokenDoNotLeak77';
export const BOT_AES_KEY = 'Zq8vRdX3mN5bT7yK2pL9wH4jF6gC1sA0eU8iO3uY7tE';
export const BOT_NAME = '订单守望';
export const BOT_ID = 'aib-1';

type Script = (event: PlatformEvent) => Reply | Promise<Reply>;

export interface FakeHandler extends InteractionHandler {
  events: PlatformEvent[];
  script: Script;
}

export const okReply = (extra: Partial<Reply> = {}): Reply => ({
  result: 'ok',
  text: '已认领 **TB001**',
  ...extra,
});

/** Records every event; answers with `script` (default: ok, with a button label for clicks). */
export function fakeHandler(script?: Script): FakeHandler {
  const h: FakeHandler = {
    events: [],
    script: script ?? ((e) => okReply(e.kind === 'button' ? { buttonText: '已认领' } : {})),
    async handle(event) {
      h.events.push(structuredClone(event));
      return h.script(event);
    },
  };
  return h;
}

/** A promise the test resolves: a handler blocked on it is "slow" without any real waiting. */
export function gate<T>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

export interface Harness {
  emu: WecomEmulator;
  clock: TestClock;
  app: FastifyInstance;
  handler: FakeHandler;
  logs: () => string;
  close: () => Promise<void>;
}

export function wecomConfig(apiBase: string): WecomConfig {
  return {
    apiBase,
    app: { corpId: CORP_ID, agentId: AGENT_ID, secret: CORP_SECRET },
    callback: { token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID },
    bot: { token: BOT_TOKEN, aesKey: BOT_AES_KEY },
    webhookKey: null,
  };
}

export async function startHarness(opts: { deadlineMs?: number; script?: Script } = {}): Promise<Harness> {
  const { emu, clock } = await startEmulator();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger('trace', sink);
  const handler = fakeHandler(opts.script);
  const config = wecomConfig(emu.url);
  const app = Fastify({ logger: false });
  registerJsonBody(app);
  const common = { config, handler, clock, log, deadlineMs: opts.deadlineMs };
  await app.register(wecomAppCallbackRoutes(common));
  await app.register(wecomBotCallbackRoutes({ ...common, botName: BOT_NAME }));
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  emu.configureCallbacks({
    callback: { url: `${base}/wecom/callback`, token: TOKEN, aesKey: AES_KEY },
    bot: { url: `${base}/wecom/bot`, token: BOT_TOKEN, aesKey: BOT_AES_KEY, botId: BOT_ID, name: BOT_NAME },
  });
  return {
    emu,
    clock,
    app,
    handler,
    logs: () => lines.join(''),
    close: async () => {
      await app.close();
      await emu.close();
    },
  };
}
