// The fastify app: WeCom's routes, JSON parsed the way WeCom does (bad JSON is an errcode, not a 400), every
// request recorded (access_token masked), and the next planned fault applied before the handler runs.
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { FaultPlan } from '../emulator.js';
import { messageSend } from './app-send.js';
import { updateTemplateCard } from './card-update.js';
import { ERR, wxError } from './errors.js';
import { botResponse, kfSend } from './kf-bot.js';
import type { EmulatorState } from './state.js';
import { getToken } from './tokens.js';
import { webhookSend } from './webhook.js';

const BAD_GATEWAY =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

class BadJson {
  constructor(readonly raw: string) {}
}

type Handler = (s: EmulatorState, query: Record<string, string>, body: unknown) => object;

const ROUTES: [string, Handler][] = [
  ['/cgi-bin/message/send', messageSend],
  ['/cgi-bin/message/update_template_card', updateTemplateCard],
  ['/cgi-bin/webhook/send', webhookSend],
  ['/cgi-bin/kf/send_msg', kfSend],
  ['/cgi-bin/aibot/response', botResponse],
];

function pathOf(req: FastifyRequest): string {
  return req.url.split('?')[0] ?? '';
}

/** The query as recorded: token and secret are replaced so a test printing requests cannot leak them. */
function recordedQuery(req: FastifyRequest): Record<string, string> {
  const query = { ...(req.query as Record<string, string>) };
  for (const name of ['access_token', 'corpsecret']) if (name in query) query[name] = '***';
  return query;
}

function maskToken(response: unknown): unknown {
  const isToken = typeof response === 'object' && response !== null && 'access_token' in response;
  return isToken ? { ...response, access_token: '***' } : response;
}

function record(s: EmulatorState, req: FastifyRequest, status: number, answer: unknown): void {
  const body = req.body instanceof BadJson ? req.body.raw : req.body;
  const response = maskToken(answer);
  s.requests.push({
    at: s.now(),
    method: req.method,
    path: pathOf(req),
    query: recordedQuery(req),
    body,
    status,
    response,
  });
}

function takeFault(s: EmulatorState, path: string): FaultPlan | null {
  const i = s.faults.findIndex((p) => (p.path ? path.includes(p.path) : !path.endsWith('/gettoken')));
  const plan = s.faults[i];
  if (!plan) return null;
  plan.count -= 1;
  if (plan.count <= 0) s.faults.splice(i, 1);
  return plan;
}

/** The delay of the next slow plan matching this path (one use taken), or 0. */
function takeSlow(s: EmulatorState, path: string): number {
  const i = s.slow.findIndex((p) => (p.path ? path.includes(p.path) : !path.endsWith('/gettoken')));
  const plan = s.slow[i];
  if (!plan) return 0;
  plan.count -= 1;
  if (plan.count <= 0) s.slow.splice(i, 1);
  return plan.delayMs;
}

/** Requests answered late (a slow plan): processed now, answered after the delay. */
const lateAnswers = new WeakMap<FastifyRequest, number>();

function applyFault(s: EmulatorState, hanging: Set<Socket>, req: FastifyRequest, reply: FastifyReply) {
  const plan = takeFault(s, pathOf(req));
  if (!plan) return null;
  switch (plan.kind) {
    case 'http5xx':
      return reply.code(502).type('text/html').send(BAD_GATEWAY);
    case 'busy':
      return reply.send(wxError(ERR.busy));
    case 'throttle':
      return reply.send(wxError(ERR.freq));
    case 'timeout':
      reply.hijack();
      hanging.add(req.raw.socket);
      record(s, req, 0, null);
      return reply;
    case 'reset':
      reply.hijack();
      record(s, req, 0, null);
      req.raw.socket.destroy();
      return reply;
  }
}

function parseJson(
  _req: FastifyRequest,
  raw: string | Buffer,
  done: (e: Error | null, body?: unknown) => void,
) {
  const text = raw.toString();
  if (text.trim() === '') return done(null, undefined);
  try {
    done(null, JSON.parse(text));
  } catch {
    done(null, new BadJson(text));
  }
}

export function buildServer(s: EmulatorState, hanging: Set<Socket>): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJson);
  app.addHook('preHandler', async (req, reply) => {
    const faulted = applyFault(s, hanging, req, reply);
    if (faulted) return faulted;
    const delayMs = takeSlow(s, pathOf(req));
    if (delayMs > 0) lateAnswers.set(req, delayMs);
    if (req.body instanceof BadJson) return reply.send(wxError(ERR.badParam, 'Warning: wrong json format.'));
  });
  app.addHook('onSend', async (req, reply, payload) => {
    let response: unknown = payload;
    try {
      response = typeof payload === 'string' ? JSON.parse(payload) : payload;
    } catch {
      // HTML (a planned 502) stays text
    }
    record(s, req, reply.statusCode, response);
    const delayMs = lateAnswers.get(req);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    return payload;
  });
  app.get('/cgi-bin/gettoken', async (req) => getToken(s, req.query as Record<string, string>));
  for (const [path, handler] of ROUTES) {
    app.post(path, async (req) => handler(s, req.query as Record<string, string>, req.body));
  }
  return app;
}
