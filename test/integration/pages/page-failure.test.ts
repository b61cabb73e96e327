// The page routes when the store fails: an HTML 500 page, and neither the page nor the log line carries
// the token. A throwing store stands in for a database that went away mid-request.
import { Writable } from 'node:stream';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import { createLinkSigner } from '../../../src/lib/signed-link.js';
import { PAGE_MAX_PARAM_LENGTH, pageRoutes } from '../../../src/http/routes/pages.js';
import { PAGE_HEADERS, textOf } from './pages-api.js';

describe('page routes when the store fails', () => {
  it('answers a 500 page and logs the error without the token when the store throws', async () => {
    let log = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        log += String(chunk);
        done();
      },
    });
    const app = Fastify({
      loggerInstance: createLogger('info', sink) as FastifyBaseLogger,
      routerOptions: { maxParamLength: PAGE_MAX_PARAM_LENGTH },
      // As src/http/app.ts builds it: no per-request lines (they would carry the URL, token and all).
      logController: new LogController({ disableRequestLogging: true }),
    });
    const links = createLinkSigner({
      secret: 'page-failure-secret',
      clock: fakeClock('2026-11-22T12:00:00Z'),
    });
    const failing = async () => {
      throw new Error('connection terminated unexpectedly');
    };
    pageRoutes(app, { links, store: { orderPage: failing, digestPage: failing, orderIdOf: failing } });
    try {
      for (const payload of [
        '0b7c9a52-6a3e-4c39-9d5e-0d7f1f0a1b2c',
        'digest:0b7c9a52-6a3e-4c39-9d5e-0d7f1f0a1b2c',
      ]) {
        const token = links.sign(payload, 86_400_000);
        const res = await app.inject({
          method: 'GET',
          url: `/${payload.startsWith('digest:') ? 'd' : 'o'}/${token}`,
        });
        expect(res.statusCode).toBe(500);
        expect(res.headers).toMatchObject(PAGE_HEADERS);
        expect(textOf(res.body)).toContain('页面暂时打不开');
        expect(res.body).not.toContain(token);
        expect(log).toContain('connection terminated unexpectedly');
        expect(log).not.toContain(token);
        expect(log).not.toContain(token.split('.')[1]);
      }
    } finally {
      await app.close();
    }
  });
});
