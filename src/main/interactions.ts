// Composition (part of src/main.ts): the interaction service behind every platform's inbound side, the
// platform routes (WeCom callbacks and AI bot, DingTalk HTTP robot), the DingTalk Stream client and the
// outbound decision webhook.
import type { FastifyPluginAsync } from 'fastify';
import { createStreamClient, dingtalkRobotHttpRoutes } from '../../bots/dingtalk/index.js';
import { wecomAppCallbackRoutes, wecomBotCallbackRoutes } from '../../bots/wecom/index.js';
import { createCommandParser, DEFAULT_REPLIES_DIR } from '../actions/commands/index.js';
import {
  createInteractionService,
  createOutboundSender,
  loadReplies,
  type OutboundSender,
} from '../actions/index.js';
import type { InteractionHandler } from '../actions/types.js';
import type { Config } from '../config/index.js';
import type { CardModel } from '../notify/card-model.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { keepingResponseCodes } from '../notify/card-codes.js';
import { rememberResponseCode } from '../store/card-codes.js';
import { createInteractionStore, type InteractionStore } from '../store/interaction-store.js';
import type { Pool } from '../store/pool.js';

export interface Interactions {
  store: InteractionStore;
  handler: InteractionHandler;
  sender: OutboundSender | null;
  /** Fastify plugins for the platforms' inbound HTTP routes that the configuration enables. */
  platformRoutes(): FastifyPluginAsync[];
  /** The DingTalk Stream connection (role stream/all); null without DingTalk app credentials. */
  startStream(): { stop(): Promise<void>; status(): { connected: boolean } } | null;
}

export async function createInteractions(
  config: Config,
  pool: Pool,
  log: Logger,
  hooks: {
    onAlertsChanged(ids: string[]): void | Promise<void>;
    cardFor?(alertId: string): Promise<CardModel | null>;
  },
): Promise<Interactions> {
  const clock = systemClock;
  const store = createInteractionStore(pool);
  await store.syncPeople(config.people, clock.now());
  const hook = config.outboundWebhook;
  const sender = hook
    ? createOutboundSender({ store, url: hook.url, secret: hook.secret, fetch: globalThis.fetch, clock, log })
    : null;
  const service = createInteractionService({
    store,
    parser: createCommandParser({ templatesDir: DEFAULT_REPLIES_DIR }),
    replies: loadReplies(),
    refunds: config.refunds,
    clock,
    log,
    onAlertsChanged: hooks.onAlertsChanged,
    onOutboundQueued: () =>
      void sender?.pump().catch((err) => log.warn({ err }, 'outbound webhook pass failed')),
    outbound: hook !== null,
    cardFor: hooks.cardFor,
  });
  const handler = keepingResponseCodes(service, {
    remember: (taskId, code, at) => rememberResponseCode(pool, taskId, code, at),
    clock,
    log,
  });
  return {
    store,
    handler,
    sender,
    platformRoutes() {
      const routes: FastifyPluginAsync[] = [];
      if (config.wecom.callback)
        routes.push(wecomAppCallbackRoutes({ config: config.wecom, handler, clock, log }));
      if (config.wecom.bot)
        routes.push(wecomBotCallbackRoutes({ config: config.wecom, handler, clock, log }));
      if (config.dingtalk.app)
        routes.push(dingtalkRobotHttpRoutes({ config: config.dingtalk, handler, clock, log }));
      return routes;
    },
    startStream() {
      if (!config.dingtalk.app) return null;
      const client = createStreamClient({ config: config.dingtalk, handler, log, clock });
      void client.start();
      return client;
    },
  };
}
