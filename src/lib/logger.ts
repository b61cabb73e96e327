// pino, with the places secrets and customer data could hide redacted before anything is written.
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-shopify-hmac-sha256"]',
  'headers.authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiToken',
  '*.aesKey',
  '*.accessKeySecret',
  '*.webhookKey',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const opts = { level, base: { app: 'orderwatch' }, redact: { paths: REDACT_PATHS, censor: '***' } };
  return destination ? pino(opts, destination as never) : pino(opts);
}
