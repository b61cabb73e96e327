// One place that maps typed errors (and fastify's own) to statuses and the `{error, message}` body.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestError, NotFoundError, PayloadTooLargeError, UnauthorizedError } from '../lib/errors.js';

interface Mapped {
  status: number;
  error: string;
  message: string;
}

export function mapError(err: unknown): Mapped {
  if (err instanceof BadRequestError) return { status: 400, error: err.code, message: err.message };
  if (err instanceof UnauthorizedError) return { status: 401, error: 'unauthorized', message: err.message };
  if (err instanceof NotFoundError) return { status: 404, error: 'not_found', message: err.message };
  if (err instanceof PayloadTooLargeError)
    return { status: 413, error: 'payload_too_large', message: err.message };
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, error: 'payload_too_large', message: '请求体超过 10 MB / request body over 10 MB' };
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return { status: 400, error: 'invalid_json', message: '请求体必须是 JSON / body must be JSON' };
  if (fe.validation || (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500))
    return { status: fe.statusCode ?? 400, error: 'bad_request', message: fe.message };
  return {
    status: 500,
    error: 'internal',
    message: '服务器内部错误，已记录 / internal error; it has been logged',
  };
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const m = mapError(err);
  if (m.status >= 500) req.log.error({ err }, 'request failed');
  void reply.status(m.status).send({ error: m.error, message: m.message });
}
