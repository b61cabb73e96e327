import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import {
  loadConfig,
  loadConfigFromFiles,
  readConfigFile,
  type ReadFile,
} from '../../../src/config/load-config.js';
import { redacted } from '../../../src/config/types.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/config/${name}`, import.meta.url), 'utf8');
const AES_KEY = Buffer.alloc(32, 9).toString('base64').slice(0, 43);

/** Runs fn, expecting a ConfigError, and returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

/** An in-memory file system: ENOENT for anything not listed. */
function files(contents: Record<string, string>): ReadFile {
  return (path) => {
    const text = contents[path];
    if (text !== undefined) return text;
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  };
}

describe('loadConfig', () => {
  it('returns the built-in defaults when there is no environment and no file', () => {
    const config = loadConfig({});
    expect(config.configFile).toBeNull();
    expect(config.teams.map((t) => t.id)).toEqual(['ops']);
    expect(config.routes).toEqual([{ match: {}, team: 'ops' }]);
    expect(config.escalation).toEqual({
      default: [
        { afterMs: 30 * 60_000, notify: ['supervisor'], customerNotice: true, ding: false },
        { afterMs: 60 * 60_000, notify: ['admin'], customerNotice: false, ding: false },
      ],
    });
    expect(config.refunds).toEqual({ approvalRequiredFromFen: 0, secondApproverFromFen: 200_000 });
    expect(config.people).toEqual([]);
    expect(config.rules).toEqual({});
    expect(config.sandbox).toEqual({ setting: 'auto', enabled: true });
    expect(config).not.toHaveProperty('configPath');
  });

  it('merges the file over the defaults when a file is given', () => {
    const config = loadConfig(
      { PORT: '8080' },
      { path: 'ow.yaml', text: fixture('orderwatch.example.yaml') },
    );
    expect(config.configFile).toBe('ow.yaml');
    expect(config.http.port).toBe(8080);
    expect(config.teams.map((t) => t.id)).toEqual(['ops', 'finance']);
  });

  it('reports bad environment keys and bad file keys together in one error', () => {
    const error = configError(() =>
      loadConfig(
        { PORT: 'eighty', SANDBOX: 'maybe' },
        { path: 'orderwatch.yaml', text: fixture('bad-role.yaml') },
      ),
    );
    expect(error.issues.map((i) => i.key)).toEqual(['PORT', 'SANDBOX', 'people[1].roles[0]']);
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration (3 problems):',
      '  - PORT: must be a whole number between 0 and 65535 (got "eighty")',
      '  - SANDBOX: must be one of on, off, auto (got "maybe")',
      '  - orderwatch.yaml:8:9 people[1].roles[0]: "boss" is not a role (cs, warehouse, supervisor, finance, admin)',
    ]);
  });
});

describe('secrets in error messages', () => {
  const SECRETS = {
    API_TOKEN: 'tok-SHORTsecret',
    WECOM_SECRET: 'wecom-app-secret-7f3a9c',
    WECOM_TOKEN: 'bad token with spaces 4242',
    WECOM_AES_KEY: 'aes-not-base64-but-secret-5150',
    WECOM_BOT_TOKEN: 'BotTok0x1',
    WECOM_WEBHOOK_KEY: 'webhook-key-8675309',
    DINGTALK_CLIENT_SECRET: 'dingtalk-client-secret-31337',
    DINGTALK_WEBHOOK_SECRET: 'SECdingtalk-webhook-1111',
    SMS_ACCESS_KEY_SECRET: 'sms-access-key-secret-2222',
    ORDERWATCH_WEBHOOK_SECRET: 'erp-hmac-secret-3333',
    SHOPIFY_WEBHOOK_SECRET: 'shopify-secret-4444',
  };

  it('never contains a secret value when every secret-bearing variable is wrong or half-set', () => {
    const error = configError(() =>
      loadConfig({
        ...SECRETS,
        DATABASE_URL: 'mysql://orderwatch:db-pa55word-xyz@db:3306/ow',
        REDIS_URL: 'http://:redis-pa55word-abc@cache:6379',
      }),
    );
    expect(error.issues.length).toBeGreaterThanOrEqual(10);
    const texts = [error.message, JSON.stringify(error), String(error)];
    for (const secret of [...Object.values(SECRETS), 'db-pa55word-xyz', 'redis-pa55word-abc']) {
      for (const text of texts) expect(text).not.toContain(secret);
    }
    expect(error.message).toContain(
      'DATABASE_URL: must be a postgresql or postgres URL (got "mysql://orderwatch:***@db:3306/ow")',
    );
  });

  it.each([
    ['DATABASE_URL', 'postgres://u:p%40ss-w0rd-secret@', 'p@ss-w0rd-secret'],
    ['DATABASE_URL', 'postgresql://u:s3cret-pw-zz@@host', 's3cret-pw-zz'],
    ['REDIS_URL', 'redis:/:pw-only-secret-99@', 'pw-only-secret-99'],
    ['REDIS_URL', 'nope:pw-only-secret-98@@', 'pw-only-secret-98'],
  ])('masks the password of a malformed %s', (name, url, password) => {
    const error = configError(() => loadConfig({ [name]: url, PORT: 'x' }));
    expect(error.message).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it('never echoes a webhook key from the file even when an error message would quote it', () => {
    const text =
      'teams:\n  - { id: ops, wecom_webhook_key: file-webhook-key-0000 }\nroutes:\n  - { team: file-webhook-key-0000 }\n';
    const error = configError(() => loadConfig({}, { path: 'orderwatch.yaml', text }));
    expect(error.message).toContain('routes[0].team: team "***" is not defined');
    expect(error.message).not.toContain('file-webhook-key-0000');
    expect(JSON.stringify(error)).not.toContain('file-webhook-key-0000');
  });

  it('never echoes a webhook key from the file when the YAML around it does not parse', () => {
    const text = 'teams:\n  - { id: ops, wecom_webhook_key: syntax-webhook-key-1111, on_duty: [a }\n';
    const error = configError(() => loadConfig({}, { path: 'orderwatch.yaml', text }));
    expect(error.issues[0]?.source?.line).toBe(2);
    expect(error.message).not.toContain('syntax-webhook-key-1111');
    expect(JSON.stringify(error)).not.toContain('syntax-webhook-key-1111');
  });
});

describe('readConfigFile', () => {
  it('reads ./orderwatch.yaml when ORDERWATCH_CONFIG is not set and the file exists', () => {
    expect(readConfigFile({}, files({ 'orderwatch.yaml': 'people: []\n' }))).toEqual({
      path: 'orderwatch.yaml',
      text: 'people: []\n',
    });
  });

  it('returns null for the built-in defaults when the default file is missing', () => {
    expect(readConfigFile({}, files({}))).toBeNull();
  });

  it('reads the named file when ORDERWATCH_CONFIG is set', () => {
    const read = files({ '/etc/ow.yaml': 'rules: {}\n', 'orderwatch.yaml': 'ignored: true\n' });
    expect(readConfigFile({ ORDERWATCH_CONFIG: '/etc/ow.yaml' }, read)).toEqual({
      path: '/etc/ow.yaml',
      text: 'rules: {}\n',
    });
  });

  it('throws a ConfigError when the named file is missing', () => {
    const error = configError(() => readConfigFile({ ORDERWATCH_CONFIG: '/etc/missing.yaml' }, files({})));
    expect(error.issues).toEqual([
      { key: 'ORDERWATCH_CONFIG', message: 'the config file "/etc/missing.yaml" does not exist' },
    ]);
  });

  it('throws a ConfigError when the default file exists but cannot be read', () => {
    const denied: ReadFile = () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    const error = configError(() => readConfigFile({}, denied));
    expect(error.issues[0]?.message).toBe('the config file "orderwatch.yaml" cannot be read (EACCES)');
  });

  it('reads a real fixture file from disk when given the default reader', () => {
    const path = new URL('../../fixtures/config/orderwatch.example.yaml', import.meta.url).pathname;
    expect(readConfigFile({ ORDERWATCH_CONFIG: path })?.text).toContain('people:');
  });
});

describe('loadConfigFromFiles', () => {
  it('reports a missing named file together with the bad environment keys', () => {
    const error = configError(() =>
      loadConfigFromFiles({ ORDERWATCH_CONFIG: 'nope.yaml', PORT: '-1' }, files({})),
    );
    expect(error.issues.map((i) => i.key)).toEqual(['ORDERWATCH_CONFIG', 'PORT']);
  });

  it('loads the file named by ORDERWATCH_CONFIG when it exists', () => {
    const config = loadConfigFromFiles(
      { ORDERWATCH_CONFIG: 'ow.yaml' },
      files({ 'ow.yaml': fixture('orderwatch.example.yaml') }),
    );
    expect(config.configFile).toBe('ow.yaml');
    expect(config.people).toHaveLength(4);
  });
});

describe('redacted', () => {
  it('masks every secret and URL password when logging a full configuration', () => {
    const env = {
      DATABASE_URL: 'postgres://ow:db-secret-pw@db:5432/ow',
      REDIS_URL: 'redis://:redis-secret-pw@cache:6379',
      API_TOKEN: 'api-token-0123456789',
      WECOM_CORP_ID: 'ww42',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'wecom-secret-xyz',
      WECOM_TOKEN: 'CbToken42',
      WECOM_AES_KEY: AES_KEY,
      WECOM_BOT_TOKEN: 'BotToken42',
      WECOM_BOT_AES_KEY: AES_KEY,
      WECOM_WEBHOOK_KEY: 'wecom-webhook-key-xyz',
      DINGTALK_CLIENT_ID: 'dingclient',
      DINGTALK_CLIENT_SECRET: 'ding-secret-xyz',
      DINGTALK_WEBHOOK_TOKEN: 'ding-webhook-token-xyz',
      DINGTALK_WEBHOOK_SECRET: 'SECding-xyz',
      SMS_ACCESS_KEY_ID: 'LTAI-key-id-xyz',
      SMS_ACCESS_KEY_SECRET: 'sms-secret-xyz',
      SMS_SIGN_NAME: '订单守望',
      ORDERWATCH_WEBHOOK_URL: 'https://erp.example.com/hook?access_token=erp-query-token-xyz&v=1',
      ORDERWATCH_WEBHOOK_SECRET: 'erp-secret-xyz',
      SHOPIFY_WEBHOOK_SECRET: 'shopify-secret-xyz',
    };
    const config = loadConfig(env, { path: 'o.yaml', text: fixture('orderwatch.example.yaml') });
    const logged = JSON.stringify(redacted(config));
    const secrets = Object.entries(env).filter(([k]) =>
      /SECRET|TOKEN|AES_KEY|ACCESS_KEY|WEBHOOK_KEY/.test(k),
    );
    for (const [, value] of secrets) expect(logged).not.toContain(value);
    for (const value of [
      'db-secret-pw',
      'redis-secret-pw',
      'erp-query-token-xyz',
      '00000000-0000-0000-0000-000000000000',
    ]) {
      expect(logged).not.toContain(value);
    }
    expect(redacted(config)).toMatchObject({
      database: { url: 'postgres://ow:***@db:5432/ow', explicit: true },
      redis: { url: 'redis://:***@cache:6379', explicit: true, sentinels: null },
      apiToken: '***',
      wecom: { app: { corpId: 'ww42', agentId: 1_000_002, secret: '***' } },
      outboundWebhook: { url: 'https://erp.example.com/hook?access_token=***&v=1', secret: '***' },
      teams: ['ops', 'finance'],
      refunds: { approvalRequiredFrom: '0.00', secondApproverFrom: '2000.00' },
    });
  });

  it('shows null for secrets that are not set', () => {
    expect(redacted(loadConfig({}))).toMatchObject({
      apiToken: null,
      wecom: { webhookKey: null },
      sms: null,
    });
  });
});
