// The DingTalk emulator: ONE http server on 127.0.0.1 that answers as api.dingtalk.com (new APIs) and
// oapi.dingtalk.com (gettoken, robot webhooks) and hosts the Stream WebSocket, so a single base URL
// serves DINGTALK_API_BASE and DINGTALK_OAPI_BASE. Every request is recorded; faults are injectable.
import type { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { EmulatorControl, FaultPlan } from '../emulator.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerCardRoutes } from './card-routes.js';
import { resolveOptions, type EmulatorContext } from './context.js';
import {
  ApiError,
  OapiError,
  applyFault,
  isOapiPath,
  sendApiError,
  sendOapiError,
  takeFault,
  takeSlow,
} from './errors.js';
import { postRobotMessage, type RobotHttpOverrides } from './robot-http-driver.js';
import { registerRobotRoutes } from './robot-routes.js';
import { emptyState, type DingtalkEmulatorOptions, type SlowPlan } from './state.js';
import { clickCard, pushRobotMessage, type ClickInput, type RobotMessageInput } from './stream-drivers.js';
import { createGateway } from './stream-gateway.js';
import { createViews } from './views.js';
import { mintSession, registerWebhookRoutes } from './webhook-routes.js';

export type { DingtalkEmulatorOptions, SlowPlan } from './state.js';

/** Requests answered late (a slow plan): processed now, answered after the delay. */
const lateAnswers = new WeakMap<FastifyRequest, number>();
export { robotCallbackSign, type RobotHttpOverrides } from './robot-http-driver.js';

function installHooks(app: FastifyInstance, ctx: EmulatorContext, hung: Set<Socket>): void {
  // Non-JSON bodies reach the handlers as strings (webhooks answer 43004 for them).
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('preHandler', async (req, reply) => {
    const plan = takeFault(ctx.state, req.url.split('?')[0] ?? '');
    if (!plan) {
      const delayMs = takeSlow(ctx.state, req.url.split('?')[0] ?? '');
      if (delayMs > 0) lateAnswers.set(req, delayMs);
      return;
    }
    // timeout/reset never reach onSend: record them here with status 0.
    if (plan.kind === 'timeout' || plan.kind === 'reset') record(ctx, req, 0, null);
    return applyFault(plan, req, reply, hung);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    record(ctx, req, reply.statusCode, parse(payload));
    const delayMs = lateAnswers.get(req);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    return payload;
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (err instanceof OapiError) return sendOapiError(reply, err);
    if (err instanceof ApiError) return sendApiError(reply, err);
    if (isOapiPath(path)) return sendOapiError(reply, new OapiError(40035, '缺少参数 json'));
    return sendApiError(reply, new ApiError(err.statusCode ?? 500, 'invalidParameter.body', err.message));
  });
}

function record(ctx: EmulatorContext, req: FastifyRequest, status: number, response: unknown): void {
  ctx.state.requests.push({
    at: ctx.now(),
    method: req.method,
    path: req.url.split('?')[0] ?? '',
    query: { ...(req.query as Record<string, string>) },
    body: req.body,
    status,
    response,
  });
}

function parse(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}

export async function startDingtalkEmulator(options: DingtalkEmulatorOptions) {
  const ctx: EmulatorContext = {
    opts: resolveOptions(options),
    now: options.now ?? Date.now,
    state: emptyState(),
    url: '',
  };
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const hung = new Set<Socket>();
  const gateway = createGateway(ctx);
  installHooks(app, ctx, hung);
  registerAuthRoutes(app, ctx);
  registerCardRoutes(app, ctx);
  registerRobotRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  gateway.register(app, app.server);
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  ctx.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const dropHung = () => (hung.forEach((s) => s.destroy()), hung.clear());

  const control: EmulatorControl = {
    url: ctx.url,
    requests: (p) => ctx.state.requests.filter((r) => p === undefined || r.path.includes(p)),
    fail: (plan: FaultPlan) => void ctx.state.faults.push({ ...plan }),
    expireTokens: () => ctx.state.tokens.forEach((_exp, token) => ctx.state.tokens.set(token, 0)),
    reset: () => (dropHung(), gateway.reset(), (ctx.state = emptyState())),
    close: async () => (dropHung(), await gateway.close(), await app.close()),
  };
  return {
    ...control,
    /** Process the next matching requests as usual but answer them `delayMs` late (see SlowPlan). */
    answerSlowly: (plan: SlowPlan) => void ctx.state.slow.push({ ...plan }),
    ...createViews(ctx, gateway),
    mintSessionWebhook: (conversationId: string, ttlMs?: number) =>
      mintSession(ctx, conversationId, ttlMs).url,
    pushRobotMessage: (m: RobotMessageInput) => pushRobotMessage(ctx, gateway, m),
    clickCard: (c: ClickInput) => clickCard(ctx, gateway, c),
    /** HTTP-mode robot (§6): POSTs a signed @-message to the app's URL, as DingTalk would. */
    postRobotMessage: (url: string, m: RobotMessageInput, o?: RobotHttpOverrides) =>
      postRobotMessage(ctx, url, m, o),
    pushFrame: gateway.push,
    ping: gateway.ping,
    disconnect: (reason: string, connectionId?: string) => gateway.disconnect(reason, connectionId),
    /** Drops Stream connections without a word (no SYSTEM disconnect, no close frame): a network cut. */
    dropStream: (connectionId?: string) => gateway.drop(connectionId),
  };
}

export type DingtalkEmulator = Awaited<ReturnType<typeof startDingtalkEmulator>>;
