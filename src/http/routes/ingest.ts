// POST /api/v1/orders, /api/v1/events and the channel-native /api/v1/channels/:channel/orders.
import type { FastifyInstance } from 'fastify';
import type { ChannelIngest } from '../../ingest/channel-ingest.js';
import type { IngestService } from '../../ingest/ingest-service.js';
import type { BatchResult } from '../../ingest/results.js';
import type { Metrics } from '../metrics.js';

export function ingestRoutes(
  app: FastifyInstance,
  deps: { ingest: IngestService; channels: ChannelIngest; metrics: Metrics },
): void {
  const count = (kind: string, r: BatchResult) => {
    for (const item of r.results) {
      const result = !item.ok
        ? 'invalid'
        : item.duplicate
          ? 'duplicate'
          : item.unchanged
            ? 'unchanged'
            : 'ok';
      deps.metrics.ingestItems.inc({ kind, result });
    }
    return r;
  };
  app.post('/api/v1/orders', async (req) => count('orders', await deps.ingest.ingestOrders(req.body)));
  app.post('/api/v1/events', async (req) => count('events', await deps.ingest.ingestEvents(req.body)));
  app.post<{ Params: { channel: string } }>('/api/v1/channels/:channel/orders', async (req) => {
    const r = await deps.channels.ingest(req.params.channel, req.body, {
      rawBody: req.rawBody ?? Buffer.alloc(0),
      headers: req.headers,
    });
    return count('orders', r);
  });
}
