// Prometheus metrics, one registry per app instance (tests build many apps in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  ingestItems: Counter<'kind' | 'result'>;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  info: Gauge<'store' | 'queue' | 'version'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'orderwatch_' });
  return {
    registry,
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
