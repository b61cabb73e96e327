/** Databases made by test runs: `ow_test_<unix seconds>_<random>`. */
export const TEST_DB_PREFIX = 'ow_test_';
