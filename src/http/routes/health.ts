// Liveness, readiness (every dependency answered) and Prometheus metrics.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export function healthRoutes(
  app: FastifyInstance,
  deps: {
    checks: ReadinessCheck[];
    metrics: Metrics;
    /** Shown, not judged: dead letters need an operator, not a restart, so they do not fail readiness. */
    status?: () => Promise<Record<string, unknown>>;
  },
): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const results = await Promise.all(
      deps.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), 2000);
          return { name: c.name, ok: true };
        } catch (err) {
          return { name: c.name, ok: false, error: (err as Error).message.slice(0, 200) };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
    const status = deps.status ? await deps.status().catch(() => ({})) : {};
    return reply.status(ok ? 200 : 503).send({ ok, checks: results, ...status });
  });
  app.get('/metrics', async (_req, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
