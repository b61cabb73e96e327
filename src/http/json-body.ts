// Bodies are parsed as JSON whatever the content type claims, keeping the raw bytes for signature checks
// (Shopify signs the exact body). A parse failure is a clear 400, never a 500.
import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export function registerJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    req.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch (err) {
      const detail = (err as Error).message.slice(0, 200);
      done(
        new BadRequestError('invalid_json', `请求体不是合法的 JSON：${detail} / malformed JSON`),
        undefined,
      );
    }
  });
}
