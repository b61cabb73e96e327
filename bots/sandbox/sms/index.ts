// startSmsEmulator: the Aliyun SMS API on 127.0.0.1 (see README.md). GET with the query or POST with a form
// body, as the real endpoint takes both; every request recorded, the next planned fault applied first.
import type { Socket } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { EmulatorControl, FaultPlan } from '../emulator.js';
import { sendSms, type Answer } from './send-sms.js';
import { clearState, createState, type SmsEmulatorOptions, type SmsMessage, type SmsState } from './state.js';

export type { SmsEmulatorOptions, SmsMessage, SmsTemplate, SmsLimit } from './state.js';
export { DEFAULT_LIMITS } from './state.js';

export interface SmsEmulator extends EmulatorControl {
  /** Messages accepted, oldest first; `phone` (11 digits) narrows to one number. */
  messages(phone?: string): SmsMessage[];
}

const BAD_GATEWAY = '<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>';

function takeFault(s: SmsState, path: string): FaultPlan | null {
  const i = s.faults.findIndex((p) => !p.path || path.includes(p.path));
  const plan = s.faults[i];
  if (!plan) return null;
  plan.count -= 1;
  if (plan.count <= 0) s.faults.splice(i, 1);
  return plan;
}

function faultAnswer(plan: FaultPlan): Answer | 'html' | 'hang' | 'reset' {
  switch (plan.kind) {
    case 'http5xx':
      return 'html';
    case 'busy':
      return {
        status: 200,
        body: { Code: 'isp.SYSTEM_ERROR', Message: 'isp.SYSTEM_ERROR', RequestId: 'FAULT' },
      };
    case 'throttle':
      return {
        status: 200,
        body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' },
      };
    case 'timeout':
      return 'hang';
    case 'reset':
      return 'reset';
  }
}

function paramsOf(req: FastifyRequest): Record<string, string> {
  const query = { ...(req.query as Record<string, string>) };
  if (req.method === 'POST' && typeof req.body === 'string') {
    for (const [k, v] of new URLSearchParams(req.body)) query[k] = v;
  }
  return query;
}

export async function startSmsEmulator(opts: SmsEmulatorOptions): Promise<SmsEmulator> {
  const s = createState({ ...opts });
  const hanging = new Set<Socket>();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    const params = paramsOf(req);
    const path = req.url.split('?')[0] ?? '/';
    const record = (status: number, response: unknown) =>
      s.requests.push({ at: s.now(), method: req.method, path, query: params, body: null, status, response });
    const plan = takeFault(s, path);
    const out = plan ? faultAnswer(plan) : sendSms(s, req.method === 'POST' ? 'POST' : 'GET', params);
    if (out === 'hang' || out === 'reset') {
      reply.hijack();
      record(0, null);
      if (out === 'hang') hanging.add(req.raw.socket);
      else req.raw.socket.destroy();
      return reply;
    }
    if (out === 'html') {
      record(502, BAD_GATEWAY);
      return reply.code(502).type('text/html').send(BAD_GATEWAY);
    }
    record(out.status, out.body);
    return reply.code(out.status).send(out.body);
  };
  app.get('/', handle);
  app.post('/', handle);
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  s.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const dropHanging = () => {
    for (const socket of hanging) socket.destroy();
    hanging.clear();
  };
  return {
    url: s.url,
    requests: (pathContains) =>
      structuredClone(s.requests.filter((r) => r.path.includes(pathContains ?? ''))),
    fail: (plan) => void s.faults.push({ ...plan }),
    expireTokens: () => {},
    reset: () => {
      clearState(s);
      dropHanging();
    },
    close: async () => {
      dropHanging();
      await app.close();
    },
    messages: (phone) => structuredClone(s.messages.filter((m) => phone === undefined || m.phone === phone)),
  };
}
