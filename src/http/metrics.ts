// Prometheus metrics, one registry per app instance (tests build many apps in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  ingestItems: Counter<'kind' | 'result'>;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  info: Gauge<'store' | 'queue' | 'version'>;
  deliveries: Counter<'channel' | 'kind' | 'result'>;
  /** Reads the delivery log at scrape time (pending and dead letters). */
  watchDeliveries(stats: () => Promise<{ pending: number; dead: number }>): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'orderwatch_' });
  const deliveryGauge = new Gauge({
    name: 'orderwatch_deliveries',
    help: 'Deliveries waiting to be sent (pending) and given up on (dead letters)',
    labelNames: ['status'],
    registers: [registry],
  });
  return {
    registry,
    deliveries: new Counter({
      name: 'orderwatch_deliveries_total',
      help: 'Card sends by channel, kind (card, digest) and result (sent, retry, dead, skipped)',
      labelNames: ['channel', 'kind', 'result'],
      registers: [registry],
    }),
    watchDeliveries(stats) {
      // prom-client awaits collect() at scrape time; a failed read leaves the last values.
      (deliveryGauge as unknown as { collect: () => Promise<void> }).collect = async () => {
        const s = await stats().catch(() => null);
        if (!s) return;
        deliveryGauge.set({ status: 'pending' }, s.pending);
        deliveryGauge.set({ status: 'dead' }, s.dead);
      };
    },
    ingestItems: new Counter({
      name: 'orderwatch_ingest_items_total',
      help: 'Orders and events received, by outcome (ok, invalid, duplicate, unchanged)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
    httpRequests: new Histogram({
      name: 'orderwatch_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    info: new Gauge({
      name: 'orderwatch_info',
      help: 'Which order store and queue backend this process uses',
      labelNames: ['store', 'queue', 'version'],
      registers: [registry],
    }),
  };
}
