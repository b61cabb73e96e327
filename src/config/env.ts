// The environment part of the configuration (CONTRACT.md §2). Reads the env object it is given, never process.env.
import type { ConfigIssue } from './errors.js';
import { readPlatforms } from './env-platforms.js';
import { EnvReader, type Env } from './env-reader.js';
import { LOG_LEVELS, QUEUE_BACKENDS, SANDBOX_SETTINGS, type EnvConfig } from './types.js';

export type { Env } from './env-reader.js';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/orderwatch';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const API_TOKEN_MIN = 16;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

export interface EnvResult {
  value: EnvConfig;
  issues: ConfigIssue[];
  /** Every secret value found, so that no message can echo one. */
  secrets: string[];
}

export function parseEnv(env: Env): EnvResult {
  const r = new EnvReader(env);
  const core = {
    configPath: r.optional('ORDERWATCH_CONFIG'),
    database: readStore(r, 'DATABASE_URL', DEFAULT_DATABASE_URL, ['postgresql:', 'postgres:']),
    redis: readRedis(r),
    http: readHttp(r),
    apiToken: readApiToken(r),
  };
  const setting = r.oneOf('SANDBOX', SANDBOX_SETTINGS, 'auto');
  const demoFeed = r.flag('DEMO_FEED');
  const { hasCredentials, ...platforms } = readPlatforms(r);
  const sandbox = { setting, enabled: setting === 'on' || (setting === 'auto' && !hasCredentials) };
  const value: EnvConfig = {
    ...core,
    sandbox,
    demoFeed: demoFeed ?? sandbox.enabled,
    queueBackend: r.oneOf('QUEUE_BACKEND', QUEUE_BACKENDS, 'auto'),
    // Deployments (or test runs) sharing one Redis keep their queues apart by name.
    queueNamespace: readNamespace(r),
    dataDir: r.string('ORDERWATCH_DATA_DIR', './.orderwatch'),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    // At most a day: a larger number is most likely milliseconds given by mistake.
    sweepIntervalMs: r.int('SWEEP_INTERVAL_SECONDS', 60, 1, 86_400) * 1000,
    ...platforms,
    shopify: { webhookSecret: r.optional('SHOPIFY_WEBHOOK_SECRET') },
    delivery: {
      linkSecret: r.optional('ORDERWATCH_LINK_SECRET'),
      // How often every process re-checks the outbox: retries, digests that waited, crashed sends.
      relayIntervalMs: r.int('DELIVERY_RELAY_SECONDS', 2, 1, 3600) * 1000,
      digestWaitMs: r.int('DIGEST_WAIT_SECONDS', 10, 0, 3600) * 1000,
      retryBaseMs: r.int('DELIVERY_RETRY_BASE_MS', 1000, 10, 600_000),
      platformTimeoutMs: r.int('PLATFORM_TIMEOUT_MS', 10_000, 100, 120_000),
      dailyReport: r.flag('DAILY_REPORT') ?? true,
      quietHours: readQuietHours(r),
    },
  };
  return { value, issues: r.issues, secrets: [...r.secrets] };
}

/** `22-8` (the default: 22:00 to 08:00 Asia/Shanghai) or `off`. */
function readQuietHours(r: EnvReader): { startHour: number; endHour: number } {
  const v = r.string('CUSTOMER_QUIET_HOURS', '22-8').trim();
  if (v === 'off') return { startHour: 0, endHour: 0 };
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(v);
  if (m && Number(m[1]) < 24 && Number(m[2]) < 24) return { startHour: Number(m[1]), endHour: Number(m[2]) };
  r.fail(
    'CUSTOMER_QUIET_HOURS',
    `must be "<start hour>-<end hour>" like 22-8, or off${r.got('CUSTOMER_QUIET_HOURS', v)}`,
  );
  return { startHour: 22, endHour: 8 };
}

function readNamespace(r: EnvReader): string {
  const ns = r.string('QUEUE_NAMESPACE', 'orderwatch');
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(ns)) {
    r.fail(
      'QUEUE_NAMESPACE',
      `must be 1–40 lower-case letters, digits, _ or -${r.got('QUEUE_NAMESPACE', ns)}`,
    );
  }
  return ns;
}

function readStore(r: EnvReader, name: string, fallback: string, protocols: string[]) {
  const explicit = r.has(name);
  return { url: r.url(name, fallback, { protocols }), explicit };
}

/** `host:port` pairs, comma-separated: REDIS_SENTINELS=10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379. */
const SENTINEL_ENTRY = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

function readRedis(r: EnvReader): EnvConfig['redis'] {
  const store = readStore(r, 'REDIS_URL', DEFAULT_REDIS_URL, ['redis:', 'rediss:']);
  const list = r.optional('REDIS_SENTINELS');
  const name = r.string('REDIS_SENTINEL_NAME', 'mymaster');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    r.fail(
      'REDIS_SENTINEL_NAME',
      `must be the master name the sentinels monitor${r.got('REDIS_SENTINEL_NAME', name)}`,
    );
  }
  if (list === null) return { ...store, sentinels: null };
  const hosts = list
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const m = SENTINEL_ENTRY.exec(e);
      const port = m ? Number(m[3]) : 0;
      return m && port > 0 && port <= 65_535 ? { host: (m[1] ?? m[2]) as string, port } : null;
    });
  if (hosts.length === 0 || hosts.some((h) => h === null)) {
    r.fail('REDIS_SENTINELS', `must be host:port pairs separated by commas${r.got('REDIS_SENTINELS', list)}`);
  }
  // Sentinels named: Redis is meant, never the PostgreSQL fallback.
  return {
    ...store,
    explicit: true,
    sentinels: { hosts: hosts.filter((h) => h !== null), name },
  };
}

function readHttp(r: EnvReader): EnvConfig['http'] {
  const host = r.string('HOST', '127.0.0.1');
  if (/\s|\/|@/.test(host))
    r.fail('HOST', `must be a host name or IP address, without scheme or path${r.got('HOST', host)}`);
  // 0: any free port (tests, side-by-side runs).
  const port = r.int('PORT', 3000, 0, 65_535);
  const publicUrl =
    r.optionalUrl('PUBLIC_URL', { protocols: ['http:', 'https:'] }) ?? defaultPublicUrl(host, port);
  return { host, port, publicUrl };
}

/** `http://HOST:PORT`; a wildcard listen address becomes 127.0.0.1 so that links stay clickable. */
export function defaultPublicUrl(host: string, port: number): string {
  const name = WILDCARD_HOSTS.has(host) ? '127.0.0.1' : host;
  const bracketed = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  return `http://${bracketed}:${port}`;
}

function readApiToken(r: EnvReader): string | null {
  const token = r.optional('API_TOKEN');
  if (token === null || token.length >= API_TOKEN_MIN) return token;
  r.fail('API_TOKEN', `must be at least ${API_TOKEN_MIN} characters; it has ${token.length}`);
  return null;
}
