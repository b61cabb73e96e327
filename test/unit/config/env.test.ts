import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config/env.js';

const AES_KEY = Buffer.alloc(32, 7).toString('base64').slice(0, 43);
const WECOM_APP = {
  WECOM_CORP_ID: 'ww0123456789',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'wecom-secret-0123456789',
};
const DINGTALK_APP = { DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 'dingtalk-secret-0123456789' };

const keys = (env: Record<string, string>) => parseEnv(env).issues.map((i) => i.key);

describe('parseEnv defaults', () => {
  it('uses the CONTRACT §2 defaults when the environment is empty', () => {
    const { value, issues } = parseEnv({});
    expect(issues).toEqual([]);
    expect(value).toMatchObject({
      configPath: null,
      database: { url: 'postgresql://postgres:postgres@127.0.0.1:5432/orderwatch', explicit: false },
      redis: { url: 'redis://127.0.0.1:6379', explicit: false, sentinels: null },
      http: { host: '127.0.0.1', port: 3000, publicUrl: 'http://127.0.0.1:3000' },
      apiToken: null,
      sandbox: { setting: 'auto', enabled: true },
      demoFeed: true,
      queueBackend: 'auto',
      queueNamespace: 'orderwatch',
      dataDir: './.orderwatch',
      logLevel: 'info',
      sweepIntervalMs: 60_000,
      wecom: {
        apiBase: 'https://qyapi.weixin.qq.com',
        app: null,
        callback: null,
        bot: null,
        webhookKey: null,
      },
      dingtalk: {
        apiBase: 'https://api.dingtalk.com',
        oapiBase: 'https://oapi.dingtalk.com',
        app: null,
        webhook: null,
      },
      sms: null,
      outboundWebhook: null,
      shopify: { webhookSecret: null },
      delivery: {
        linkSecret: null,
        relayIntervalMs: 2000,
        digestWaitMs: 10_000,
        retryBaseMs: 1000,
        platformTimeoutMs: 10_000,
        dailyReport: true,
        quietHours: { startHour: 22, endHour: 8 },
      },
    });
  });

  it('treats empty variables as unset when they are set to ""', () => {
    const { value, issues } = parseEnv({ PORT: '', DATABASE_URL: '  ', SANDBOX: '' });
    expect(issues).toEqual([]);
    expect(value.http.port).toBe(3000);
    expect(value.database.explicit).toBe(false);
  });

  it('marks the database and Redis URLs explicit when they are set', () => {
    const { value } = parseEnv({
      DATABASE_URL: 'postgres://u:p@db:5432/ow',
      REDIS_URL: 'rediss://cache:6380',
    });
    expect(value.database).toEqual({ url: 'postgres://u:p@db:5432/ow', explicit: true });
    expect(value.redis).toEqual({ url: 'rediss://cache:6380', explicit: true, sentinels: null });
  });

  it('reads the sentinels and marks Redis explicit when REDIS_SENTINELS is set', () => {
    const { value, issues } = parseEnv({
      REDIS_URL: 'redis://:s3cret@ignored:6379/2',
      REDIS_SENTINELS: ' 10.0.0.1:26379, sentinel-2.internal:26380,[fd00::3]:26379 ',
      REDIS_SENTINEL_NAME: 'ow-master',
    });
    expect(issues).toEqual([]);
    expect(value.redis).toEqual({
      url: 'redis://:s3cret@ignored:6379/2',
      explicit: true,
      sentinels: {
        name: 'ow-master',
        hosts: [
          { host: '10.0.0.1', port: 26379 },
          { host: 'sentinel-2.internal', port: 26380 },
          { host: 'fd00::3', port: 26379 },
        ],
      },
    });
  });

  it('names the master mymaster when REDIS_SENTINEL_NAME is unset', () => {
    expect(parseEnv({ REDIS_SENTINELS: 's1:26379' }).value.redis.sentinels?.name).toBe('mymaster');
  });

  it('reads every extension variable when they are set', () => {
    const { value, issues } = parseEnv({
      LOG_LEVEL: 'debug',
      QUEUE_BACKEND: 'postgres',
      ORDERWATCH_DATA_DIR: '/var/lib/orderwatch',
      SHOPIFY_WEBHOOK_SECRET: 'shpss_0123456789',
      SWEEP_INTERVAL_SECONDS: '15',
      ORDERWATCH_CONFIG: 'conf/ow.yaml',
      QUEUE_NAMESPACE: 'ow-staging',
      ORDERWATCH_LINK_SECRET: 'a-long-link-signing-secret',
      DELIVERY_RELAY_SECONDS: '5',
      DIGEST_WAIT_SECONDS: '30',
      DELIVERY_RETRY_BASE_MS: '250',
    });
    expect(issues).toEqual([]);
    expect(value).toMatchObject({
      logLevel: 'debug',
      queueBackend: 'postgres',
      dataDir: '/var/lib/orderwatch',
      shopify: { webhookSecret: 'shpss_0123456789' },
      sweepIntervalMs: 15_000,
      configPath: 'conf/ow.yaml',
      queueNamespace: 'ow-staging',
      delivery: {
        linkSecret: 'a-long-link-signing-secret',
        relayIntervalMs: 5000,
        digestWaitMs: 30_000,
        retryBaseMs: 250,
      },
    });
  });
});

describe('PUBLIC_URL', () => {
  it.each([
    [{ HOST: '10.0.0.5', PORT: '8080' }, 'http://10.0.0.5:8080'],
    [{ HOST: 'ow.internal' }, 'http://ow.internal:3000'],
    [{ PORT: '4000' }, 'http://127.0.0.1:4000'],
    [{ HOST: '0.0.0.0', PORT: '80' }, 'http://127.0.0.1:80'],
    [{ HOST: '::1' }, 'http://[::1]:3000'],
    [{ HOST: '0.0.0.0', PUBLIC_URL: 'https://ow.example.com/' }, 'https://ow.example.com'],
  ])('is derived from HOST and PORT when not set (%j)', (env, url) => {
    expect(parseEnv(env).value.http.publicUrl).toBe(url);
  });

  it.each(['ow.example.com', 'ftp://ow.example.com'])(
    'is reported when it is not an http(s) URL (%j)',
    (url) => {
      expect(keys({ PUBLIC_URL: url })).toEqual(['PUBLIC_URL']);
    },
  );
});

describe('SANDBOX', () => {
  it.each([
    ['auto', {}, true],
    ['auto', WECOM_APP, false],
    ['auto', DINGTALK_APP, false],
    ['auto', { WECOM_WEBHOOK_KEY: 'key-0123456789' }, false],
    ['auto', { DINGTALK_WEBHOOK_TOKEN: 'tok-0123456789', DINGTALK_WEBHOOK_SECRET: 'SEC0123456789' }, false],
    ['auto', { SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 'secret', SMS_SIGN_NAME: '订单守望' }, true],
    ['on', WECOM_APP, true],
    ['off', {}, false],
    ['OFF', {}, false],
  ])(
    'decides sandbox mode when SANDBOX=%s and the credentials are %j (enabled: %s)',
    (setting, env, enabled) => {
      const { value, issues } = parseEnv({ ...env, SANDBOX: setting });
      expect(issues).toEqual([]);
      expect(value.sandbox.enabled).toBe(enabled);
    },
  );

  it.each([
    [{}, true],
    [{ SANDBOX: 'off' }, false],
    [{ DEMO_FEED: 'off' }, false],
    [{ SANDBOX: 'off', DEMO_FEED: 'on' }, true],
  ])('turns the demo feed on by default only in sandbox mode (%j)', (env, demoFeed) => {
    expect(parseEnv(env).value.demoFeed).toBe(demoFeed);
  });
});

describe('bad values', () => {
  it('reports every bad key at once when many are wrong', () => {
    const env = {
      DATABASE_URL: 'mysql://db/ow',
      REDIS_URL: 'not a url',
      HOST: 'http://example.com',
      PORT: '70000',
      PUBLIC_URL: 'example.com',
      API_TOKEN: 'short',
      SANDBOX: 'maybe',
      DEMO_FEED: 'sometimes',
      WECOM_AGENT_ID: 'abc',
      WECOM_API_BASE: 'qyapi',
      DINGTALK_API_BASE: 'nope',
      DINGTALK_OAPI_BASE: 'nope',
      SMS_API_BASE: 'nope',
      SWEEP_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'loud',
      QUEUE_BACKEND: 'kafka',
      ORDERWATCH_WEBHOOK_URL: 'erp',
    };
    expect(new Set(keys(env))).toEqual(
      new Set([
        ...Object.keys(env),
        'WECOM_CORP_ID',
        'WECOM_SECRET',
        'SMS_ACCESS_KEY_ID',
        'SMS_ACCESS_KEY_SECRET',
        'SMS_SIGN_NAME',
        'ORDERWATCH_WEBHOOK_SECRET',
      ]),
    );
  });

  it.each([
    ['PORT', '-1', /between 0 and 65535 \(got "-1"\)/],
    ['PORT', '3000.5', /whole number/],
    ['SWEEP_INTERVAL_SECONDS', '-1', /whole number between 1 and 86400/],
    ['SWEEP_INTERVAL_SECONDS', '100000', /between 1 and 86400/],
    ['WECOM_AGENT_ID', '0', /1 or more/],
    ['LOG_LEVEL', 'verbose', /fatal, error, warn, info, debug, trace, silent/],
    ['QUEUE_BACKEND', 'kafka', /auto, redis, postgres/],
    ['QUEUE_NAMESPACE', 'Has Spaces', /lower-case letters/],
    ['CUSTOMER_QUIET_HOURS', '22:00-08:00', /like 22-8, or off/],
    ['DATABASE_URL', 'redis://127.0.0.1:6379', /postgresql or postgres URL/],
    ['REDIS_URL', 'postgres://x', /redis or rediss URL/],
    ['API_TOKEN', 'fifteen-chars15', /at least 16 characters; it has 15/],
    ['REDIS_SENTINELS', 's1', /host:port pairs separated by commas/],
    ['REDIS_SENTINELS', 's1:26379,s2:0', /host:port pairs/],
    ['REDIS_SENTINELS', 'redis://s1:26379', /host:port pairs/],
    ['REDIS_SENTINELS', ',', /host:port pairs/],
    ['REDIS_SENTINEL_NAME', 'my master', /master name the sentinels monitor/],
  ])('explains why %s is bad when it is %j', (name, value, message) => {
    const issues = parseEnv({ [name]: value }).issues.filter((i) => i.key === name);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(message);
  });

  it.each([
    ['WECOM_AES_KEY', 'too-short'],
    ['WECOM_AES_KEY', `${AES_KEY.slice(0, 42)}!`],
    ['WECOM_BOT_AES_KEY', `${AES_KEY}A`],
  ])('rejects %s when it is not 43 characters of base64', (name, value) => {
    const issues = parseEnv({ [name]: value }).issues.filter((i) => i.key === name);
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/43-character EncodingAESKey/)]);
  });

  it('accepts a 16-character API token when it is exactly the minimum', () => {
    expect(parseEnv({ API_TOKEN: 'x'.repeat(16) }).value.apiToken).toBe('x'.repeat(16));
  });
});

describe('credential groups', () => {
  it.each([
    [{ WECOM_CORP_ID: 'ww1' }, ['WECOM_AGENT_ID', 'WECOM_SECRET']],
    [{ WECOM_CORP_ID: 'ww1', WECOM_SECRET: 's3cr3t-value' }, ['WECOM_AGENT_ID']],
    [{ WECOM_AGENT_ID: '1000002' }, ['WECOM_CORP_ID', 'WECOM_SECRET']],
    [{ ...WECOM_APP, WECOM_TOKEN: 'abc' }, ['WECOM_AES_KEY']],
    [{ WECOM_TOKEN: 'abc', WECOM_AES_KEY: AES_KEY }, ['WECOM_CORP_ID']],
    [{ WECOM_BOT_AES_KEY: AES_KEY }, ['WECOM_BOT_TOKEN']],
    [{ DINGTALK_CLIENT_ID: 'ding1' }, ['DINGTALK_CLIENT_SECRET']],
    [{ DINGTALK_CLIENT_SECRET: 'ding-secret' }, ['DINGTALK_CLIENT_ID']],
    [{ DINGTALK_ROBOT_CODE: 'ding1' }, ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET']],
    [{ DINGTALK_WEBHOOK_TOKEN: 'tok' }, ['DINGTALK_WEBHOOK_SECRET']],
    [{ SMS_ACCESS_KEY_ID: 'LTAI' }, ['SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME']],
    [{ SMS_PROVIDER: 'aliyun' }, ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME']],
    [{ ORDERWATCH_WEBHOOK_SECRET: 'hmac-secret' }, ['ORDERWATCH_WEBHOOK_URL']],
  ])('reports the missing half when only part of a group is set (%j)', (env, missing) => {
    const issues = parseEnv(env).issues;
    expect(issues.map((i) => i.key).sort()).toEqual([...missing].sort());
    for (const issue of issues) expect(issue.message).toMatch(/^must be set too: /);
  });

  it('builds every platform section when each group is complete', () => {
    const { value, issues } = parseEnv({
      ...WECOM_APP,
      WECOM_TOKEN: 'Tok123',
      WECOM_AES_KEY: AES_KEY,
      WECOM_BOT_TOKEN: 'BotTok1',
      WECOM_BOT_AES_KEY: AES_KEY,
      WECOM_WEBHOOK_KEY: 'group-key',
      ...DINGTALK_APP,
      DINGTALK_CARD_TEMPLATE_ID: 'tpl.schema',
      DINGTALK_WEBHOOK_TOKEN: 'tok',
      DINGTALK_WEBHOOK_SECRET: 'SECabc',
      SMS_ACCESS_KEY_ID: 'LTAI',
      SMS_ACCESS_KEY_SECRET: 'sms-secret',
      SMS_SIGN_NAME: '订单守望',
      ORDERWATCH_WEBHOOK_URL: 'https://erp.example.com/hook',
      ORDERWATCH_WEBHOOK_SECRET: 'hmac-secret',
    });
    expect(issues).toEqual([]);
    expect(value.wecom.app).toEqual({
      corpId: 'ww0123456789',
      agentId: 1_000_002,
      secret: 'wecom-secret-0123456789',
    });
    expect(value.wecom.callback).toEqual({ token: 'Tok123', aesKey: AES_KEY, corpId: 'ww0123456789' });
    expect(value.wecom.bot).toEqual({ token: 'BotTok1', aesKey: AES_KEY });
    expect(value.dingtalk.app).toEqual({
      ...{ clientId: 'dingabc', clientSecret: 'dingtalk-secret-0123456789' },
      robotCode: 'dingabc',
      cardTemplateId: 'tpl.schema',
    });
    expect(value.dingtalk.webhook).toEqual({ token: 'tok', secret: 'SECabc' });
    expect(value.sms).toEqual({
      provider: 'aliyun',
      apiBase: null,
      accessKeyId: 'LTAI',
      accessKeySecret: 'sms-secret',
      signName: '订单守望',
    });
    expect(value.outboundWebhook).toEqual({ url: 'https://erp.example.com/hook', secret: 'hmac-secret' });
    expect(value.sandbox.enabled).toBe(false);
  });
});
