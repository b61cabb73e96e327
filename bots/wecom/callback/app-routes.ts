// GET|POST /wecom/callback: the self-built app's encrypted XML callbacks (wecom.md §3–§5). Verify, decrypt,
// normalise, hand over to the InteractionHandler with a deadline, answer within WeCom's 5 s: an encrypted
// passive reply when the handler was quick, an empty 200 otherwise and the answer sent afterwards.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionHandler, Reply } from '../../../src/actions/types.js';
import type { WecomConfig } from '../../../src/config/types.js';
import type { Clock } from '../../../src/lib/clock.js';
import type { Logger } from '../../../src/lib/logger.js';
import { appEventOf, textReplyXml, updateButtonXml, type AppEvent } from './app-events.js';
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
import { createAppMessenger, type AppMessenger } from './messenger.js';
import { documentOf, fieldsOf, parseXml, XmlError } from './xml.js';

export const APP_CALLBACK_PATH = '/wecom/callback';

export interface WecomAppCallbackDeps {
  /** Uses `callback` (token, aesKey, corpId: required) and `app` (to send 1:1 answers). */
  config: WecomConfig;
  handler: InteractionHandler;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  /** Sends the answers that come too late for the callback's response; default: message/send via `config.app`. */
  messenger?: AppMessenger | null;
  /** How long the handler may take before the callback is answered empty (default 4 s). */
  deadlineMs?: number;
  timestampWindowMs?: number;
}

interface Ctx {
  crypt: MsgCrypt;
  corpId: string;
  deps: WecomAppCallbackDeps;
  guard: GuardOptions;
  messenger: AppMessenger | null;
  background: Background;
}

function fieldsOfXml(text: unknown, what: string): Record<string, string> {
  if (typeof text !== 'string' || text === '') throw new CallbackRefusal(400, `${what}: empty`);
  try {
    return fieldsOf(parseXml(text));
  } catch (err) {
    if (err instanceof XmlError) throw new CallbackRefusal(400, `${what}: malformed XML`);
    throw err;
  }
}

function sealed(ctx: Ctx, inner: string): string {
  const encrypt = ctx.crypt.encrypt(inner);
  const timestamp = unixSeconds(ctx.deps.clock);
  const nonce = newNonce();
  const signature = ctx.crypt.signature(String(timestamp), nonce, encrypt);
  return documentOf({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: timestamp, Nonce: nonce });
}

function passiveReply(ctx: Ctx, event: AppEvent, reply: Reply): string {
  const to = {
    userid: event.actor.platformUserId,
    corpId: ctx.corpId,
    createTime: unixSeconds(ctx.deps.clock),
  };
  if (event.kind === 'button')
    return reply.buttonText ? sealed(ctx, updateButtonXml(to, reply.buttonText)) : '';
  return reply.text.trim() ? sealed(ctx, textReplyXml(to, reply.text)) : '';
}

/** The 1:1 text after the response: always for a click, for a typed text only when it missed the deadline. */
async function sendAnswer(ctx: Ctx, event: AppEvent, reply: Reply): Promise<void> {
  if (reply.duplicate || !reply.text.trim()) return;
  if (!ctx.messenger) {
    ctx.deps.log.warn({ kind: event.kind }, 'wecom: no app configured to send the answer with');
    return;
  }
  await ctx.messenger.sendText(event.actor.platformUserId, reply.text);
}

type After = ReturnType<typeof registerFollowUps>;

async function receive(
  ctx: Ctx,
  after: After,
  req: FastifyRequest,
  res: FastifyReply,
): Promise<FastifyReply> {
  const params = signedParams(req.query);
  const encrypt = fieldsOfXml(req.body, 'body').Encrypt ?? '';
  if (encrypt === '') throw new CallbackRefusal(400, 'body: no Encrypt');
  const inner = fieldsOfXml(openSigned(ctx.crypt, params, encrypt, ctx.guard), 'message');
  const event = appEventOf(inner, ctx.deps.clock.now());
  if (!event) return res.status(200).send('');
  const settled = await withDeadline(
    ctx.deps.handler.handle(event),
    ctx.deps.deadlineMs ?? HANDLER_DEADLINE_MS,
  );
  ctx.deps.log.debug({ kind: event.kind, inTime: settled.done }, 'wecom callback handled');
  if (!settled.done) {
    ctx.background.run(async () => sendAnswer(ctx, event, await settled.later));
    return res.status(200).send('');
  }
  const reply = settled.value;
  if (event.kind === 'button') after(req, () => sendAnswer(ctx, event, reply));
  const payload = passiveReply(ctx, event, reply);
  return res
    .status(200)
    .type(payload ? 'application/xml; charset=utf-8' : 'text/plain')
    .send(payload);
}

function routes(app: FastifyInstance, ctx: Ctx): void {
  registerRawBody(app);
  registerRefusals(app, ctx.deps.log, APP_CALLBACK_PATH);
  const after = registerFollowUps(app, ctx.background);
  registerUrlVerification(app, APP_CALLBACK_PATH, ctx.crypt, ctx.guard);
  app.post(APP_CALLBACK_PATH, (req, res) => receive(ctx, after, req, res));
}

export function wecomAppCallbackRoutes(deps: WecomAppCallbackDeps): FastifyPluginAsync {
  const callback = deps.config.callback;
  if (!callback)
    throw new Error('wecom: the app callback needs WECOM_TOKEN, WECOM_AES_KEY and WECOM_CORP_ID');
  const ctx: Ctx = {
    crypt: createMsgCrypt({ token: callback.token, aesKey: callback.aesKey, receiveId: callback.corpId }),
    corpId: callback.corpId,
    deps,
    guard: { clock: deps.clock, log: deps.log, timestampWindowMs: deps.timestampWindowMs },
    messenger:
      deps.messenger !== undefined
        ? deps.messenger
        : createAppMessenger({ config: deps.config, clock: deps.clock, log: deps.log, fetch: deps.fetch }),
    background: createBackground(deps.log, APP_CALLBACK_PATH),
  };
  return async (app) => routes(app, ctx);
}
