// The two error dialects (dingtalk.md §5.3): new APIs answer non-2xx with {code, message, requestid};
// old oapi routes (gettoken, robot webhooks) answer HTTP 200 with {errcode, errmsg}. Faults use the same.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultPlan } from '../emulator.js';
import { requestId, type EmulatorState } from './state.js';

/** A new-API rejection, thrown from handlers and turned into a reply by the error handler. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An old-API rejection: always HTTP 200. */
export class OapiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg);
  }
}

export function isOapiPath(path: string): boolean {
  return !path.startsWith('/v1.0/');
}

export function sendApiError(reply: FastifyReply, err: ApiError): FastifyReply {
  return reply.code(err.status).send({ code: err.code, requestid: requestId(), message: err.message });
}

export function sendOapiError(reply: FastifyReply, err: OapiError): FastifyReply {
  return reply.code(200).send({ errcode: err.errcode, errmsg: err.errmsg });
}

const TOKEN_PATHS = ['/v1.0/oauth2/accessToken', '/gettoken', '/v1.0/gateway/connections/open'];

/** Takes one use of the first plan matching this path; token endpoints only when named. */
export function takeFault(state: EmulatorState, path: string): FaultPlan | null {
  const plan = state.faults.find((f) =>
    f.path === undefined ? !TOKEN_PATHS.includes(path) : path.includes(f.path),
  );
  if (!plan) return null;
  plan.count -= 1;
  if (plan.count <= 0) state.faults.splice(state.faults.indexOf(plan), 1);
  return plan;
}

/** The delay of the next slow plan matching this path (one use taken), or 0. */
export function takeSlow(state: EmulatorState, path: string): number {
  const plan = state.slow.find((f) =>
    f.path === undefined ? !TOKEN_PATHS.includes(path) : path.includes(f.path),
  );
  if (!plan) return 0;
  plan.count -= 1;
  if (plan.count <= 0) state.slow.splice(state.slow.indexOf(plan), 1);
  return plan.delayMs;
}

/**
 * Answers with the fault. `timeout` hijacks the reply and keeps the socket in `hung` (closed by the
 * emulator on close/reset); `reset` destroys the socket.
 */
export function applyFault(
  plan: FaultPlan,
  req: FastifyRequest,
  reply: FastifyReply,
  hung: Set<import('node:net').Socket>,
): FastifyReply {
  const path = req.url.split('?')[0] ?? '';
  switch (plan.kind) {
    case 'http5xx':
      return reply.code(502).type('text/html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
    case 'busy':
      return isOapiPath(path)
        ? sendOapiError(reply, new OapiError(-1, '系统繁忙'))
        : sendApiError(reply, new ApiError(500, 'system.busy', '系统繁忙'));
    case 'throttle':
      return isOapiPath(path)
        ? sendOapiError(reply, new OapiError(410100, '发送速度太快而限流'))
        : sendApiError(
            reply,
            new ApiError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '调用频率超限'),
          );
    case 'timeout':
      reply.hijack();
      hung.add(req.raw.socket);
      return reply;
    case 'reset':
      reply.hijack();
      req.raw.socket.destroy();
      return reply;
  }
}
