// Platform credentials (WeCom, DingTalk, SMS, outbound webhook): validated, and reported when only half-set.
import type { EnvReader } from './env-reader.js';
import type { Config } from './types.js';

const HTTP = { protocols: ['https:', 'http:'] } as const;

/** Setting any of these means a real platform is configured, so SANDBOX=auto turns sandbox mode off. */
export const PLATFORM_CREDENTIALS = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_AES_KEY',
  'WECOM_BOT_TOKEN',
  'WECOM_BOT_AES_KEY',
  'WECOM_WEBHOOK_KEY',
  'DINGTALK_CLIENT_ID',
  'DINGTALK_CLIENT_SECRET',
  'DINGTALK_ROBOT_CODE',
  'DINGTALK_CARD_TEMPLATE_ID',
  'DINGTALK_WEBHOOK_TOKEN',
  'DINGTALK_WEBHOOK_SECRET',
] as const;

type Platforms = Pick<Config, 'wecom' | 'dingtalk' | 'sms' | 'outboundWebhook'>;

export function readPlatforms(r: EnvReader): Platforms & { hasCredentials: boolean } {
  return {
    wecom: readWecom(r),
    dingtalk: readDingtalk(r),
    sms: readSms(r),
    outboundWebhook: readOutboundWebhook(r),
    hasCredentials: PLATFORM_CREDENTIALS.some((name) => r.has(name)),
  };
}

/** True when every one is set; when only some are, reports each missing one. */
function allOrNone(r: EnvReader, names: readonly string[], what: string): boolean {
  const set = names.filter((n) => r.has(n));
  if (set.length === names.length) return true;
  if (set.length > 0) {
    for (const missing of names.filter((n) => !set.includes(n))) {
      r.failOnce(
        missing,
        `must be set too: ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set, ${what}`,
      );
    }
  }
  return false;
}

/** When any dependent is set, each required variable must be set as well. */
function requires(
  r: EnvReader,
  dependents: readonly string[],
  required: readonly string[],
  why: string,
): void {
  const set = dependents.filter((n) => r.has(n));
  if (set.length === 0) return;
  for (const missing of required.filter((n) => !r.has(n))) {
    r.failOnce(missing, `must be set too: ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set, ${why}`);
  }
}

/** EncodingAESKey: 43 characters of base64 that decode (with `=`) to 32 bytes. */
function aesKey(r: EnvReader, name: string): string | null {
  const value = r.optional(name);
  if (value === null) return null;
  if (/^[A-Za-z0-9+/]{43}$/.test(value) && Buffer.from(`${value}=`, 'base64').length === 32) return value;
  r.fail(
    name,
    `must be the 43-character EncodingAESKey (base64 of 32 bytes); it has ${value.length} characters`,
  );
  return null;
}

/** Callback Token: letters and digits, at most 32. */
function callbackToken(r: EnvReader, name: string): string | null {
  const value = r.optional(name);
  if (value === null || /^[A-Za-z0-9]{1,32}$/.test(value)) return value;
  r.fail(name, `must be 1 to 32 letters or digits; it has ${value.length} characters`);
  return null;
}

function readWecom(r: EnvReader): Config['wecom'] {
  const corpId = r.optional('WECOM_CORP_ID');
  const agentId = r.optionalInt('WECOM_AGENT_ID');
  const secret = r.optional('WECOM_SECRET');
  const hasApp = allOrNone(
    r,
    ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET'],
    'the WeCom app needs all three',
  );
  const token = callbackToken(r, 'WECOM_TOKEN');
  const key = aesKey(r, 'WECOM_AES_KEY');
  const hasCallback = allOrNone(r, ['WECOM_TOKEN', 'WECOM_AES_KEY'], 'app callbacks need both');
  requires(
    r,
    ['WECOM_TOKEN', 'WECOM_AES_KEY'],
    ['WECOM_CORP_ID'],
    'app callbacks are checked against the corp id',
  );
  const botToken = callbackToken(r, 'WECOM_BOT_TOKEN');
  const botKey = aesKey(r, 'WECOM_BOT_AES_KEY');
  const hasBot = allOrNone(r, ['WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY'], 'AI bot callbacks need both');
  return {
    apiBase: r.url('WECOM_API_BASE', 'https://qyapi.weixin.qq.com', HTTP),
    app: hasApp && corpId && agentId && secret ? { corpId, agentId, secret } : null,
    callback: hasCallback && token && key && corpId ? { token, aesKey: key, corpId } : null,
    bot: hasBot && botToken && botKey ? { token: botToken, aesKey: botKey } : null,
    webhookKey: r.optional('WECOM_WEBHOOK_KEY'),
  };
}

function readDingtalk(r: EnvReader): Config['dingtalk'] {
  const clientId = r.optional('DINGTALK_CLIENT_ID');
  const clientSecret = r.optional('DINGTALK_CLIENT_SECRET');
  const hasApp = allOrNone(
    r,
    ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'],
    'the DingTalk app needs both',
  );
  const app = ['DINGTALK_ROBOT_CODE', 'DINGTALK_CARD_TEMPLATE_ID'];
  requires(r, app, ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'], 'they belong to the DingTalk app');
  const token = r.optional('DINGTALK_WEBHOOK_TOKEN');
  const secret = r.optional('DINGTALK_WEBHOOK_SECRET');
  const hasWebhook = allOrNone(
    r,
    ['DINGTALK_WEBHOOK_TOKEN', 'DINGTALK_WEBHOOK_SECRET'],
    'the signed group robot webhook needs both',
  );
  return {
    apiBase: r.url('DINGTALK_API_BASE', 'https://api.dingtalk.com', HTTP),
    oapiBase: r.url('DINGTALK_OAPI_BASE', 'https://oapi.dingtalk.com', HTTP),
    app:
      hasApp && clientId && clientSecret
        ? {
            clientId,
            clientSecret,
            // For internal apps the robot code is the AppKey (clientId).
            robotCode: r.optional('DINGTALK_ROBOT_CODE') ?? clientId,
            cardTemplateId: r.optional('DINGTALK_CARD_TEMPLATE_ID'),
          }
        : null,
    webhook: hasWebhook && token && secret ? { token, secret } : null,
  };
}

function readSms(r: EnvReader): Config['sms'] {
  const keys = ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME'];
  const complete = allOrNone(r, keys, 'SMS needs all three');
  requires(r, ['SMS_PROVIDER', 'SMS_API_BASE'], keys, 'SMS needs credentials and a sign name');
  const provider = r.string('SMS_PROVIDER', 'aliyun').toLowerCase();
  if (!/^[a-z0-9_-]{1,32}$/.test(provider))
    r.fail('SMS_PROVIDER', `must be a provider name like aliyun${r.got('SMS_PROVIDER', provider)}`);
  const apiBase = r.optionalUrl('SMS_API_BASE', HTTP);
  const [accessKeyId, accessKeySecret, signName] = keys.map((k) => r.optional(k));
  if (!complete || !accessKeyId || !accessKeySecret || !signName) return null;
  return { provider, apiBase, accessKeyId, accessKeySecret, signName };
}

function readOutboundWebhook(r: EnvReader): Config['outboundWebhook'] {
  const url = r.optionalUrl('ORDERWATCH_WEBHOOK_URL', HTTP);
  const secret = r.optional('ORDERWATCH_WEBHOOK_SECRET');
  const complete = allOrNone(
    r,
    ['ORDERWATCH_WEBHOOK_URL', 'ORDERWATCH_WEBHOOK_SECRET'],
    'outbound decisions are HMAC-signed with the secret',
  );
  return complete && url && secret ? { url, secret } : null;
}
