// Custom-robot webhook (§4.3: 加签, 20 messages/minute then a 10-minute block, msgUuid idempotency) and
// sessionWebhook replies (§2: expire, then errcode 300001). Old-API dialect: always HTTP 200.
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from './context.js';
import { OapiError } from './errors.js';
import type { WebhookMessage } from './state.js';
import { parseWebhookMessage } from './webhook-message.js';

const HOUR_MS = 3_600_000;
const PER_MINUTE = 20;
const BLOCK_MS = 600_000;
const SESSION_TTL_MS = 5_400_000;

/** base64(HMAC-SHA256(secret, timestamp + "\n" + secret)); the query parser already URL-decoded it. */
export function expectedSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

function checkSignature(ctx: EmulatorContext, secret: string, q: Record<string, string | undefined>): void {
  const ts = Number(q.timestamp);
  if (!q.timestamp || !Number.isFinite(ts) || Math.abs(ctx.now() - ts) > HOUR_MS) {
    throw new OapiError(310000, 'invalid timestamp');
  }
  if (!q.sign || q.sign !== expectedSign(secret, q.timestamp)) throw new OapiError(310000, 'sign not match');
}

/** A send in the block, or the 21st within a minute, fails 410100; the 21st starts a 10-minute block. */
function checkRate(ctx: EmulatorContext, token: string) {
  const now = ctx.now();
  const robot = ctx.state.robots.get(token) ?? { sends: [], blockedUntil: 0, uuids: new Set<string>() };
  ctx.state.robots.set(token, robot);
  robot.sends = robot.sends.filter((t) => now - t < 60_000);
  if (robot.blockedUntil > now) throw new OapiError(410100, '发送速度太快而限流');
  if (robot.sends.length >= PER_MINUTE) {
    robot.blockedUntil = now + BLOCK_MS;
    throw new OapiError(410100, '发送速度太快而限流');
  }
  return robot;
}

function record(
  ctx: EmulatorContext,
  via: WebhookMessage['via'],
  conversationId: string,
  body: unknown,
): void {
  const m = parseWebhookMessage(body);
  ctx.state.webhookMessages.push({
    at: ctx.now(),
    via,
    conversationId,
    body: body as Record<string, unknown>,
    ...m,
  });
}

function robotSend(ctx: EmulatorContext, q: Record<string, string | undefined>, body: unknown) {
  const hook = q.access_token ? ctx.opts.webhooks[q.access_token] : undefined;
  if (!q.access_token || !hook) throw new OapiError(300005, 'token is not exist');
  checkSignature(ctx, hook.secret, q);
  const robot = checkRate(ctx, q.access_token);
  const parsed = parseWebhookMessage(body);
  robot.sends.push(ctx.now());
  // Same msgUuid again: accepted, not shown twice (the point of the key on retries).
  if (parsed.msgUuid !== null && robot.uuids.has(parsed.msgUuid)) return { errcode: 0, errmsg: 'ok' };
  if (parsed.msgUuid !== null) robot.uuids.add(parsed.msgUuid);
  record(ctx, 'webhook', hook.conversationId, body);
  return { errcode: 0, errmsg: 'ok' };
}

export function mintSession(ctx: EmulatorContext, conversationId: string, ttlMs = SESSION_TTL_MS) {
  const session = randomBytes(16).toString('hex');
  const expiresAt = ctx.now() + ttlMs;
  ctx.state.sessions.set(session, { conversationId, expiresAt });
  return { url: `${ctx.url}/robot/sendBySession?session=${session}`, expiresAt };
}

function sessionSend(ctx: EmulatorContext, session: string | undefined, body: unknown) {
  const s = session ? ctx.state.sessions.get(session) : undefined;
  if (!s || s.expiresAt <= ctx.now()) throw new OapiError(300001, 'session 不存在');
  record(ctx, 'session', s.conversationId, body);
  return { errcode: 0, errmsg: 'ok' };
}

function jsonBody(body: unknown): unknown {
  if (typeof body === 'string') throw new OapiError(43004, '无效的HTTP HEADER Content-Type');
  return body;
}

export function registerWebhookRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/robot/send', async (req) =>
    robotSend(ctx, req.query as Record<string, string>, jsonBody(req.body)),
  );
  app.post('/robot/sendBySession', async (req) =>
    sessionSend(ctx, (req.query as Record<string, string>).session, jsonBody(req.body)),
  );
}
