// GET|POST /wecom/bot: the 智能机器人 (AI bot) API-mode callbacks, JSON `{encrypt}` with receiveid ""
// (wecom.md §5.2). Same checks as the app callback; the answer is an encrypted JSON reply when the handler
// was quick, else an empty 200 and one POST to the callback's response_url (single use, valid 1 h).
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionHandler, Reply } from '../../../src/actions/types.js';
import type { WecomConfig } from '../../../src/config/types.js';
import type { Clock } from '../../../src/lib/clock.js';
import type { Logger } from '../../../src/lib/logger.js';
import {
  botEventOf,
  cardBody,
  cardUpdateReply,
  markdownBody,
  streamReply,
  type BotEvent,
} from './bot-events.js';
import { createMsgCrypt, type MsgCrypt } from './crypto.js';
import {
  CallbackRefusal,
  createBackground,
  HANDLER_DEADLINE_MS,
  newNonce,
  openSigned,
  registerFollowUps,
  registerRawBody,
  registerRefusals,
  registerUrlVerification,
  signedParams,
  unixSeconds,
  withDeadline,
  type Background,
  type GuardOptions,
} from './guard.js';
import { createResponseUrlPoster, type ResponseUrlPoster } from './messenger.js';

export const BOT_CALLBACK_PATH = '/wecom/bot';

export interface WecomBotCallbackDeps {
  /** Uses `bot` (token, aesKey: required). */
  config: WecomConfig;
  handler: InteractionHandler;
  clock: Clock;
  log: Logger;
  /** For response_url posts. */
  fetch?: typeof fetch;
  /** The bot's display name, to cut "@name" wherever it is; without it a leading @mention in a group goes. */
  botName?: string;
  poster?: ResponseUrlPoster;
  deadlineMs?: number;
  timestampWindowMs?: number;
}

interface Ctx {
  crypt: MsgCrypt;
  deps: WecomBotCallbackDeps;
  guard: GuardOptions;
  poster: ResponseUrlPoster;
  background: Background;
}

function parseJson(text: unknown, what: string): Record<string, unknown> {
  if (typeof text !== 'string' || text === '') throw new CallbackRefusal(400, `${what}: empty`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CallbackRefusal(400, `${what}: malformed JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CallbackRefusal(400, `${what}: not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function sealed(ctx: Ctx, message: Record<string, unknown>): string {
  const encrypt = ctx.crypt.encrypt(JSON.stringify(message));
  const timestamp = unixSeconds(ctx.deps.clock);
  const nonce = newNonce();
  const msgsignature = ctx.crypt.signature(String(timestamp), nonce, encrypt);
  return JSON.stringify({ encrypt, msgsignature, timestamp, nonce });
}

function passiveReply(ctx: Ctx, { event }: BotEvent, reply: Reply): string {
  if (event.kind === 'button') {
    const taskId = event.card?.taskId;
    return reply.card && taskId ? sealed(ctx, cardUpdateReply(reply.card, taskId)) : '';
  }
  return reply.text.trim() || reply.card ? sealed(ctx, streamReply(reply)) : '';
}

/** One POST to response_url: after a click (the text), or instead of a passive reply that came too late. */
async function postAnswer(ctx: Ctx, bot: BotEvent, reply: Reply, late: boolean): Promise<void> {
  if (reply.duplicate || !bot.responseUrl) return;
  const useCard = late && bot.event.kind === 'text' && reply.card;
  if (!useCard && !reply.text.trim()) return;
  const body = useCard && reply.card ? cardBody(reply.card) : markdownBody(reply.text);
  await ctx.poster.post(bot.responseUrl, body);
}

type After = ReturnType<typeof registerFollowUps>;

async function receive(
  ctx: Ctx,
  after: After,
  req: FastifyRequest,
  res: FastifyReply,
): Promise<FastifyReply> {
  const params = signedParams(req.query);
  const encrypt = parseJson(req.body, 'body').encrypt;
  if (typeof encrypt !== 'string' || encrypt === '') throw new CallbackRefusal(400, 'body: no encrypt');
  const message = parseJson(openSigned(ctx.crypt, params, encrypt, ctx.guard), 'message');
  const bot = botEventOf(message, ctx.deps.clock.now(), ctx.deps.botName);
  if (!bot) return res.status(200).send('');
  const settled = await withDeadline(
    ctx.deps.handler.handle(bot.event),
    ctx.deps.deadlineMs ?? HANDLER_DEADLINE_MS,
  );
  ctx.deps.log.debug({ kind: bot.event.kind, inTime: settled.done }, 'wecom bot callback handled');
  if (!settled.done) {
    ctx.background.run(async () => postAnswer(ctx, bot, await settled.later, true));
    return res.status(200).send('');
  }
  const reply = settled.value;
  if (bot.event.kind === 'button') after(req, () => postAnswer(ctx, bot, reply, false));
  const payload = passiveReply(ctx, bot, reply);
  return res
    .status(200)
    .type(payload ? 'application/json; charset=utf-8' : 'text/plain')
    .send(payload);
}

function routes(app: FastifyInstance, ctx: Ctx): void {
  registerRawBody(app);
  registerRefusals(app, ctx.deps.log, BOT_CALLBACK_PATH);
  const after = registerFollowUps(app, ctx.background);
  registerUrlVerification(app, BOT_CALLBACK_PATH, ctx.crypt, ctx.guard);
  app.post(BOT_CALLBACK_PATH, (req, res) => receive(ctx, after, req, res));
}

export function wecomBotCallbackRoutes(deps: WecomBotCallbackDeps): FastifyPluginAsync {
  const bot = deps.config.bot;
  if (!bot) throw new Error('wecom: the AI bot callback needs WECOM_BOT_TOKEN and WECOM_BOT_AES_KEY');
  const ctx: Ctx = {
    crypt: createMsgCrypt({ token: bot.token, aesKey: bot.aesKey, receiveId: '' }),
    deps,
    guard: { clock: deps.clock, log: deps.log, timestampWindowMs: deps.timestampWindowMs },
    poster: deps.poster ?? createResponseUrlPoster({ fetch: deps.fetch, log: deps.log }),
    background: createBackground(deps.log, BOT_CALLBACK_PATH),
  };
  return async (app) => routes(app, ctx);
}
