// Where the integration suites find Postgres (provided by global setup: the machine's server, or the
// embedded one for the `integration-embedded` project) and Redis. Outside vitest (benchmarks), the
// machine's server.

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

const MACHINE_PG = process.env.TEST_PG_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';

export const PG_ADMIN_URL: string = process.env.VITEST
  ? (await import('vitest')).inject('pgAdminUrl')
  : MACHINE_PG;
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export { TEST_DB_PREFIX } from './test-db-prefix.js';
