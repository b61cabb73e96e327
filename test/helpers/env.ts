// Where the integration suites find the machine's services (CONTRACT defaults, overridable).
export const PG_ADMIN_URL =
  process.env.TEST_PG_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_DB_PREFIX = 'ow_test_';
