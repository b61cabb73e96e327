// The configuration module's public surface: src/config/ is the only reader of process.env (DESIGN.md §2).
export {
  loadConfig,
  loadConfigFromFiles,
  processEnv,
  readConfigFile,
  DEFAULT_CONFIG_PATH,
} from './load-config.js';
export type { ConfigFileSource, ReadFile } from './load-config.js';
export { ConfigError, formatIssue } from './errors.js';
export type { ConfigIssue, SourcePosition } from './errors.js';
export { parseDuration, formatDuration, DurationError } from './duration.js';
export { parseMoneyToFen, formatFen, MoneyError } from './money.js';
export { rulesSchema, DURATION_KEY } from './file-schema.js';
export { redactUrl, isSecretName } from './secrets.js';
export { DEFAULT_ESCALATION_POLICY, defaultBusinessHours, defaultEscalation } from './defaults.js';
export type { Env } from './env.js';
export * from './types.js';
