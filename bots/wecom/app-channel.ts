// wecom_app: template cards to members through the self-built app, updated in place with update_template_card
// while a response_code is fresh. Token expiry mid-flight costs one refresh and one retry, never a failure.
import type { Clock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/logger.js';
import type { PlatformRef, SendOutcome, SendRequest, UpdateRequest } from '../../src/notify/notifier.js';
import { errcodeOf, failureOf, permanent, reasonOf, TASK_ID_EXISTS, TOKEN_ERRCODES } from './classify.js';
import type { ApiResult, WecomHttp } from './http.js';
import { buildAppCardUpdate, buildAppTemplateCard } from './payloads.js';
import { createTokenCache, TokenError, type TokenCache } from './token-cache.js';

/** response_codes live 72 h (path/94888); an hour of margin covers clock skew and queueing. */
export const RESPONSE_CODE_USABLE_MS = 71 * 3600_000;
/**
 * UNCONFIRMED: the errcode for an unknown/used/expired response_code is not documented; the emulator answers
 * 40035 (不合法的参数). On update it means "send a new card instead".
 */
export const RESPONSE_CODE_REJECTED = 40035;
const TASK_ID = /^[0-9A-Za-z_\-@]{1,128}$/;

export interface AppChannelDeps {
  app: { corpId: string; agentId: number; secret: string };
  http: WecomHttp;
  clock: Clock;
  log: Logger;
  /** Other secrets to keep out of reasons (webhook keys). */
  secrets: () => (string | null)[];
}

interface AppCtx {
  app: AppChannelDeps['app'];
  http: WecomHttp;
  clock: Clock;
  log: Logger;
  tokens: TokenCache;
  secrets: () => (string | null)[];
}

/** POST with the app's token; on 40014/42001 (token expired mid-flight) refresh once and retry once. */
async function post(ctx: AppCtx, path: string, body: unknown): Promise<ApiResult> {
  try {
    const token = await ctx.tokens.get();
    const first = await ctx.http.call('POST', path, { access_token: token }, body);
    const code = errcodeOf(first);
    if (code === null || !TOKEN_ERRCODES.has(code)) return first;
    ctx.log.debug({ path, errcode: code }, 'wecom access_token rejected; refreshing once');
    ctx.tokens.invalidate(token);
    return await ctx.http.call('POST', path, { access_token: await ctx.tokens.get() }, body);
  } catch (err) {
    if (err instanceof TokenError) return err.result;
    throw err;
  }
}

function sentRef(ctx: AppCtx, taskId: string, body: Record<string, unknown>): SendOutcome {
  const invalid = String(body.invaliduser ?? '');
  if (invalid !== '') {
    ctx.log.warn({ invalid: invalid.split('|').length }, 'wecom_app: some users are unknown to WeCom');
  }
  const responseCode = typeof body.response_code === 'string' ? body.response_code : null;
  const msgid = typeof body.msgid === 'string' ? body.msgid : null;
  const responseCodeAt = responseCode ? ctx.clock.now().toISOString() : null;
  return { ok: true, ref: { taskId, msgid, responseCode, responseCodeAt } };
}

async function send(ctx: AppCtx, req: SendRequest): Promise<SendOutcome> {
  const users = req.destination.users ?? [];
  const taskId = req.idempotencyKey;
  if (users.length === 0) return permanent('wecom_app: the destination lists no users');
  if (!TASK_ID.test(taskId)) return permanent('wecom_app: idempotencyKey is not a valid task_id');
  const body = buildAppTemplateCard(req.card, { taskId, agentId: ctx.app.agentId, users });
  const result = await post(ctx, '/cgi-bin/message/send', body);
  if (result.kind === 'ok') return sentRef(ctx, taskId, result.body);
  if (errcodeOf(result) === TASK_ID_EXISTS) {
    // Sent before (a resend after a crash or a timed-out answer): the card is there under this task_id.
    // Its response_code was in the answer we lost, but a click's code can still update it by task_id.
    const ref = { taskId, msgid: null, responseCode: null, responseCodeAt: null };
    return { ok: false, retryable: false, duplicate: true, reason: reasonOf(result, ctx.secrets()), ref };
  }
  return failureOf(result, ctx.secrets());
}

/** The ref's task_id and response_code when the code is unspent and young enough to use. */
function freshCode(ctx: AppCtx, ref: PlatformRef): { taskId: string; responseCode: string } | null {
  const { taskId, responseCode, responseCodeAt } = ref;
  if (typeof taskId !== 'string' || typeof responseCode !== 'string' || typeof responseCodeAt !== 'string') {
    return null;
  }
  const age = ctx.clock.now().getTime() - Date.parse(responseCodeAt);
  return Number.isNaN(age) || age > RESPONSE_CODE_USABLE_MS ? null : { taskId, responseCode };
}

async function update(ctx: AppCtx, req: UpdateRequest): Promise<SendOutcome> {
  const fresh = freshCode(ctx, req.ref);
  if (!fresh)
    return permanent('wecom_app: no fresh response_code to update the card', { notUpdatable: true });
  const body = buildAppCardUpdate(req.card, { ...fresh, agentId: ctx.app.agentId });
  const result = await post(ctx, '/cgi-bin/message/update_template_card', body);
  if (result.kind === 'ok')
    return { ok: true, ref: { ...req.ref, responseCode: null, responseCodeAt: null } };
  if (errcodeOf(result) === RESPONSE_CODE_REJECTED) {
    return permanent(reasonOf(result, ctx.secrets()), { notUpdatable: true, credentialSpent: true });
  }
  return failureOf(result, ctx.secrets());
}

export function createAppChannel(deps: AppChannelDeps) {
  const { app, http, clock, log } = deps;
  const tokens = createTokenCache({ http, corpId: app.corpId, secret: app.secret, clock });
  const secrets = () => [app.secret, tokens.current(), ...deps.secrets()];
  const ctx: AppCtx = { app, http, clock, log, tokens, secrets };
  return {
    send: (req: SendRequest) => send(ctx, req),
    update: (req: UpdateRequest) => update(ctx, req),
    /** An update goes to the shown card only with an unspent, young response_code. */
    updatable: (ref: PlatformRef) => freshCode(ctx, ref) !== null,
    secrets,
  };
}
