// What both WeCom callback routes share: raw bodies with a small limit, the signed query, the freshness
// window, one error handler that answers a bare status (no detail for a caller who failed a check), the
// handler's deadline, and the follow-up work that runs after the answer.
import { randomInt } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../../src/lib/clock.js';
import type { Logger } from '../../../src/lib/logger.js';
import { CallbackCryptoError, type MsgCrypt, type SignedParams } from './crypto.js';

/** Callback bodies are a few hundred bytes; 64 KB leaves room and refuses anything that is not WeCom. */
export const CALLBACK_BODY_LIMIT = 64 * 1024;
/**
 * WeCom documents no freshness window. Its retries come within seconds of the first try, so 10 minutes each
 * way only absorbs clock skew; an older (or future) timestamp is refused even with a valid signature.
 */
export const TIMESTAMP_WINDOW_MS = 10 * 60_000;
/** WeCom waits 5 s for an answer (wecom.md §3.3); the handler gets 4 and the rest is for crypto and network. */
export const HANDLER_DEADLINE_MS = 4_000;

export type RefusalStatus = 400 | 401 | 403 | 413;

/** A request refused before the handler saw it; `reason` is for our logs, never for the caller. */
export class CallbackRefusal extends Error {
  constructor(
    readonly status: RefusalStatus,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface GuardOptions {
  clock: Clock;
  log: Logger;
  timestampWindowMs?: number;
}

export function registerRawBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: CALLBACK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
}

export function registerRefusals(app: FastifyInstance, log: Logger, route: string): void {
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err instanceof CallbackRefusal) {
      log.warn({ route, status: err.status, reason: err.reason }, 'wecom callback refused');
      return reply.status(err.status).send('');
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      log.warn({ route, status: 413 }, 'wecom callback refused: body too large');
      return reply.status(413).send('');
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    // Only the error's name and code: a message could quote decrypted content.
    log.error({ route, status, error: err.name, code: err.code }, 'wecom callback failed');
    return reply.status(status).send('');
  });
}

/** msg_signature, timestamp and nonce from the query; a request without them is unauthenticated. */
export function signedParams(query: unknown): SignedParams {
  const q = (query ?? {}) as Record<string, unknown>;
  const [signature, timestamp, nonce] = [q.msg_signature, q.timestamp, q.nonce];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') {
    throw new CallbackRefusal(401, 'missing msg_signature, timestamp or nonce');
  }
  return { signature, timestamp, nonce };
}

/** Verify the signature, then the timestamp window, then decrypt. */
export function openSigned(
  crypt: MsgCrypt,
  params: SignedParams,
  encrypt: string,
  opts: GuardOptions,
): string {
  if (!crypt.verify(params, encrypt)) throw new CallbackRefusal(401, 'bad signature');
  const window = opts.timestampWindowMs ?? TIMESTAMP_WINDOW_MS;
  const sentAt = /^\d{1,12}$/.test(params.timestamp) ? Number(params.timestamp) * 1000 : NaN;
  if (Number.isNaN(sentAt) || Math.abs(opts.clock.now().getTime() - sentAt) > window) {
    throw new CallbackRefusal(403, 'timestamp outside the window');
  }
  try {
    return crypt.decrypt(encrypt);
  } catch (err) {
    if (err instanceof CallbackCryptoError) throw new CallbackRefusal(401, `decrypt: ${err.reason}`);
    throw err;
  }
}

export type Settled<T> = { done: true; value: T } | { done: false; later: Promise<T> };

/** The handler's answer if it comes within `ms`; otherwise the promise to finish in the background. */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), expired]);
    return first === 'expired' ? { done: false, later: work } : { done: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}

/** Work that runs after the answer; the plugin waits for it (a bounded while) when the app closes. */
export function createBackground(log: Logger, route: string) {
  const pending = new Set<Promise<void>>();
  return {
    run(task: () => Promise<void>): void {
      const p = task()
        .catch((err: unknown) => {
          log.error({ route, error: err instanceof Error ? err.name : 'error' }, 'wecom follow-up failed');
        })
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async drain(maxMs = 5_000): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const cap = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxMs);
        timer.unref();
      });
      await Promise.race([Promise.allSettled([...pending]), cap]);
      clearTimeout(timer);
    },
  };
}

export type Background = ReturnType<typeof createBackground>;

export function unixSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

export function newNonce(): string {
  return String(randomInt(100_000_000, 999_999_999));
}

/**
 * GET <path>?msg_signature&timestamp&nonce&echostr (wecom.md §3.1): the decrypted echostr, nothing else.
 * A '+' the sender left unescaped arrives as a space; base64 has no spaces.
 */
export function registerUrlVerification(
  app: FastifyInstance,
  path: string,
  crypt: MsgCrypt,
  guard: GuardOptions,
) {
  app.get(path, async (req, res) => {
    const params = signedParams(req.query);
    const echostr = (req.query as Record<string, unknown>).echostr;
    if (typeof echostr !== 'string' || echostr === '') throw new CallbackRefusal(400, 'no echostr');
    const plain = openSigned(crypt, params, echostr.replace(/ /g, '+'), guard);
    return res.type('text/plain; charset=utf-8').send(plain);
  });
}

/** `after(req, task)`: run `task` once this request's response has been sent. */
export function registerFollowUps(app: FastifyInstance, background: Background) {
  const tasks = new WeakMap<FastifyRequest, () => Promise<void>>();
  app.addHook('onResponse', async (req) => {
    const task = tasks.get(req);
    if (task) background.run(task);
  });
  app.addHook('onClose', async () => background.drain());
  return (req: FastifyRequest, task: () => Promise<void>) => void tasks.set(req, task);
}
