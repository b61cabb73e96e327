// POST /api/v1/demo/burst {count?, warehouse?} → {injected}: a storm of stuck orders for one warehouse, to
// show digest cards. Bearer-protected like all of /api/*; registered only while the demo feed runs.
import type { FastifyInstance } from 'fastify';
import type { DemoFeed } from '../../demo/feed.js';
import { BadRequestError } from '../../lib/errors.js';
import { isRecord } from '../../ingest/validate-order.js';

export const MAX_BURST = 1000;
const WAREHOUSE = /^[A-Za-z0-9_-]{1,32}$/;

export function demoRoutes(app: FastifyInstance, deps: { feed: Pick<DemoFeed, 'burst'> }): void {
  app.post('/api/v1/demo/burst', async (req) => {
    const body: unknown = req.body ?? {};
    if (!isRecord(body)) {
      throw new BadRequestError('invalid_body', '请求体必须是 JSON 对象 / body must be a JSON object');
    }
    const { count = 60, warehouse = 'hz-1' } = body;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_BURST) {
      throw new BadRequestError(
        'invalid_body',
        `count 须为 1–${MAX_BURST} 的整数 / count must be an integer from 1 to ${MAX_BURST}`,
      );
    }
    if (typeof warehouse !== 'string' || !WAREHOUSE.test(warehouse)) {
      throw new BadRequestError(
        'invalid_body',
        'warehouse 须为 1–32 位字母、数字、- 或 _ / warehouse must be 1–32 of [A-Za-z0-9_-]',
      );
    }
    return deps.feed.burst({ count, warehouse });
  });
}
