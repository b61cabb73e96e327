// POST /dingtalk/robot — the HTTP-mode outgoing robot (dingtalk.md §6), for teams not using Stream mode.
// DingTalk signs only the timestamp (sign = base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret))),
// so: constant-time compare, |now − timestamp| ≤ 1 h, and a signature seen with another msgId is refused
// (a captured signature cannot carry a substituted body within this process). The answer goes in the HTTP
// body when the handler is quick enough, else `{"msgtype":"empty"}` and a sessionWebhook reply later.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionHandler } from '../../src/actions/types.js';
import type { DingtalkConfig } from '../../src/config/types.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/logger.js';
import { withDeadline } from './stream/deadline.js';
import { jsonObject } from './stream/frames.js';
import { robotMessageEvent } from './stream/normalise.js';
import { createRobotReplier, type RobotReplier } from './stream/replier.js';
import { replyMessage } from './stream/reply-text.js';

export const ROBOT_BODY_LIMIT = 64 * 1024;
export const MAX_CLOCK_SKEW_MS = 3_600_000;
const EMPTY = { msgtype: 'empty' } as const;

export interface RobotHttpDeps {
  config: DingtalkConfig;
  handler: InteractionHandler;
  log: Logger;
  clock: Clock;
  fetch?: typeof fetch;
  /** How long the HTTP answer waits for the handler before answering empty and replying later. */
  answerMs?: number;
  replier?: RobotReplier;
}

export type SignCheck = 'ok' | 'missing' | 'stale' | 'forged';

export function checkRobotSign(secret: string, timestamp: unknown, sign: unknown, nowMs: number): SignCheck {
  if (typeof timestamp !== 'string' || typeof sign !== 'string' || !/^\d{1,16}$/.test(timestamp)) {
    return 'missing';
  }
  if (Math.abs(nowMs - Number(timestamp)) > MAX_CLOCK_SKEW_MS) return 'stale';
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest();
  const given = Buffer.from(sign, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'forged';
}

const fail = (reply: FastifyReply, status: number, error: string) => reply.status(status).send({ error });

function errorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fail(reply, 413, 'payload_too_large');
  if (err.statusCode === 400 || err.code?.startsWith('FST_ERR_CTP')) return fail(reply, 400, 'invalid_json');
  return fail(reply, 500, 'internal');
}

/** signature → msgId, for an hour (the timestamp window). */
function createReplayGuard(clock: Clock) {
  const seen = new Map<string, { msgId: string; at: number }>();
  return (sign: string, msgId: string): boolean => {
    const now = clock.now().getTime();
    for (const [k, v] of seen) if (now - v.at > 2 * MAX_CLOCK_SKEW_MS) seen.delete(k);
    const prior = seen.get(sign);
    if (prior) return prior.msgId === msgId;
    seen.set(sign, { msgId, at: now });
    return true;
  };
}

export function dingtalkRobotHttpRoutes(deps: RobotHttpDeps): FastifyPluginAsync {
  const { config, handler, log, clock } = deps;
  const answerMs = deps.answerMs ?? 2_500;
  const replier = deps.replier ?? createRobotReplier({ config, clock, log, fetch: deps.fetch ?? fetch });
  const fresh = createReplayGuard(clock);

  async function answer(d: Record<string, unknown>, sign: string) {
    const n = robotMessageEvent(d, clock.now());
    if (!n) return EMPTY; // a picture, a file, an over-quota push: nothing to act on
    if (!fresh(sign, n.event.eventId)) return null;
    const work = handler.handle(n.event);
    const t = await withDeadline(work, answerMs);
    if (t.kind === 'done') return t.value.duplicate ? EMPTY : replyMessage(t.value, n.origin.staffId);
    if (t.kind === 'failed') {
      log.error({ msgId: n.event.eventId, error: (t.error as Error).name }, 'dingtalk robot handler failed');
      return EMPTY;
    }
    void work
      .then((reply) => (reply.duplicate ? null : replier.send(n.origin, reply)))
      .catch((err: unknown) => log.error({ error: (err as Error).name }, 'dingtalk robot handler failed'));
    return EMPTY;
  }

  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('malformed JSON'), { statusCode: 400 }), undefined);
      }
    });
    app.setErrorHandler(errorHandler);
    const onRequest = async (req: FastifyRequest, reply: FastifyReply) => {
      const secret = config.app?.clientSecret;
      if (!secret) return fail(reply, 503, 'not_configured');
      const check = checkRobotSign(secret, req.headers.timestamp, req.headers.sign, clock.now().getTime());
      if (check !== 'ok') {
        log.warn({ check }, 'dingtalk robot callback refused');
        return fail(reply, 401, 'unauthorized');
      }
    };
    app.post('/dingtalk/robot', { bodyLimit: ROBOT_BODY_LIMIT, onRequest }, async (req, reply) => {
      const d = typeof req.body === 'object' ? jsonObject(req.body) : null;
      if (!d || typeof d.msgId !== 'string' || typeof d.msgtype !== 'string') {
        return fail(reply, 400, 'bad_request');
      }
      const body = await answer(d, String(req.headers.sign));
      if (body === null) return fail(reply, 401, 'unauthorized');
      return body;
    });
  };
}
