// The whole server (startOrderwatch, role all) wired to the WeCom and DingTalk emulators through the
// documented *_API_BASE variables, with teams written to a real orderwatch.yaml. Used by the delivery
// end-to-end tests and the card-latency benchmark.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARD_PARAM_KEYS } from '../../bots/dingtalk/payloads.js';
import { startDingtalkEmulator, type DingtalkEmulator } from '../../bots/sandbox/dingtalk/index.js';
import { startWecomEmulator, type WecomEmulator } from '../../bots/sandbox/wecom/index.js';
import { startSmsEmulator, type SmsEmulator } from '../../bots/sandbox/sms/index.js';
import {
  CUSTOMER_TEMPLATE_DIR,
  DEFAULT_SMS_TEMPLATE_CODES,
  loadNoticeTemplates,
} from '../../src/customers/index.js';
import { NOTICE_KINDS } from '../../src/customers/types.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import { startOrderwatch, type Running } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { REDIS_URL } from './env.js';

export interface TeamSpec {
  id: string;
  /** Alerts of orders from this warehouse go to this team. */
  warehouse: string;
  webhookKey?: string;
  users?: string[];
  conversationId?: string;
  onDuty: string[];
}

export interface PersonSpec {
  id: string;
  name: string;
  wecom: string;
  dingtalk: string;
  /** Default: cs. */
  roles?: string[];
}

export interface DeliveryStack {
  url: string;
  wecom: WecomEmulator;
  dingtalk: DingtalkEmulator;
  /** Started with `sms: true`. */
  sms: SmsEmulator | null;
  db: TestDatabase;
  /** Every credential the stack configured (by variable name), for tests that look for leaks. */
  secrets: Record<string, string>;
  running: Running;
  post(path: string, body: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export const CARD_TEMPLATE_ID = 'orderwatch-alert.schema';
const TOKEN = 'e2e-token-0123456789abcdef';

/** orderwatch.yaml: the people, the teams, a route per team by warehouse and the first team for the rest. */
export function yamlOf(people: PersonSpec[], teams: TeamSpec[], extra = ''): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'people:',
    ...people.map(
      (p) =>
        `  - { id: ${q(p.id)}, name: ${q(p.name)}, roles: [${(p.roles ?? ['cs']).join(', ')}], ` +
        `wecom: ${q(p.wecom)}, dingtalk: ${q(p.dingtalk)} }`,
    ),
    'teams:',
    ...teams.map(
      (t) =>
        `  - { id: ${q(t.id)}, ${t.webhookKey ? `wecom_webhook_key: ${q(t.webhookKey)}, ` : ''}` +
        `wecom_users: [${(t.users ?? []).map(q).join(', ')}], ` +
        `${t.conversationId ? `dingtalk_conversation: ${q(t.conversationId)}, ` : ''}` +
        `on_duty: [${t.onDuty.map(q).join(', ')}] }`,
    ),
    'routes:',
    ...teams.map((t) => `  - { match: { warehouse: ${q(t.warehouse)} }, team: ${q(t.id)} }`),
    `  - { match: {}, team: ${q(teams[0]!.id)} }`,
    'refunds: { approval_required_from: "0.00", second_approver_from: "2000.00" }',
    extra,
    '',
  ].join('\n');
}

export async function startDeliveryStack(opts: {
  people: PersonSpec[];
  teams: TeamSpec[];
  env?: Record<string, string>;
  queue?: 'redis' | 'postgres';
  /** Without WeCom credentials only DingTalk is configured (the WeCom emulator still runs). */
  wecom?: boolean;
  /** Turn on the inbound side: WeCom app callback and AI bot (the emulator calls back into the app). */
  callbacks?: boolean;
  /** Customer notices by SMS through the SMS emulator, with no quiet hours. */
  sms?: boolean;
  /** More orderwatch.yaml (e.g. an `escalation:` section). */
  yaml?: string;
  /** Where orderwatch logs (default: nowhere). */
  log?: Logger;
  /** The DATABASE_URL orderwatch gets for the test database (e.g. with a password the trust login ignores). */
  databaseUrl?: (url: string) => string;
}): Promise<DeliveryStack> {
  const db = await createTestDatabase({ migrate: false });
  const secret = () => randomBytes(12).toString('hex');
  const corp = { corpId: 'wwe2e0001', corpSecret: secret(), agentId: 1000002 };
  const wecom = await startWecomEmulator({
    ...corp,
    users: [...new Set(opts.people.map((p) => p.wecom))],
    webhookKeys: Object.fromEntries(
      opts.teams.flatMap((t) => (t.webhookKey ? [[t.webhookKey, `${t.id} 群`]] : [])),
    ),
  });
  const app = { clientId: 'dinge2e0001', clientSecret: secret() };
  const dingtalk = await startDingtalkEmulator({
    ...app,
    templates: { [CARD_TEMPLATE_ID]: { paramKeys: [...CARD_PARAM_KEYS] } },
    conversations: Object.fromEntries(
      opts.teams.map((t) => [
        t.conversationId,
        { title: `${t.id} 群`, members: opts.people.map((p) => p.dingtalk) },
      ]),
    ),
  });
  const callback = { token: 'e2eCallbackToken0123456789abcdef', aesKey: alnum43() };
  const bot = { token: 'e2eBotToken0123456789abcdefghij', aesKey: alnum43() };
  const smsKeys = { accessKeyId: 'LTAIe2etest000001', accessKeySecret: secret(), signName: '订单守望' };
  const notices = loadNoticeTemplates(CUSTOMER_TEMPLATE_DIR);
  const sms = opts.sms
    ? await startSmsEmulator({
        ...smsKeys,
        // Delivery notices, not verification codes: Aliyun's notice limit is per number and day (50).
        limits: [{ windowMs: 86_400_000, max: 50, message: '触发天级流控Permits:50' }],
        templates: Object.fromEntries(
          NOTICE_KINDS.map((k) => [
            DEFAULT_SMS_TEMPLATE_CODES[k],
            { params: notices.params(k), content: notices.aliyunContent(k) },
          ]),
        ),
      })
    : null;
  const dir = await mkdtemp(join(tmpdir(), 'ow-e2e-'));
  await writeFile(join(dir, 'orderwatch.yaml'), yamlOf(opts.people, opts.teams, opts.yaml));
  const running = await startOrderwatch({
    role: 'all',
    log: opts.log ?? createLogger('silent'),
    env: {
      DATABASE_URL: opts.databaseUrl?.(db.url) ?? db.url,
      REDIS_URL,
      QUEUE_BACKEND: opts.queue ?? 'redis',
      QUEUE_NAMESPACE: `ow-e2e-${randomBytes(4).toString('hex')}`,
      PORT: '0',
      API_TOKEN: TOKEN,
      SANDBOX: 'off',
      SWEEP_INTERVAL_SECONDS: '3600',
      DAILY_REPORT: 'off', // tests count the cards in groups; the report has tests of its own
      ORDERWATCH_CONFIG: join(dir, 'orderwatch.yaml'),
      ...(opts.wecom === false
        ? {}
        : {
            WECOM_CORP_ID: corp.corpId,
            WECOM_AGENT_ID: String(corp.agentId),
            WECOM_SECRET: corp.corpSecret,
            WECOM_API_BASE: wecom.url,
          }),
      ...(opts.callbacks
        ? {
            WECOM_TOKEN: callback.token,
            WECOM_AES_KEY: callback.aesKey,
            WECOM_BOT_TOKEN: bot.token,
            WECOM_BOT_AES_KEY: bot.aesKey,
          }
        : {}),
      ...(sms
        ? {
            SMS_ACCESS_KEY_ID: smsKeys.accessKeyId,
            SMS_ACCESS_KEY_SECRET: smsKeys.accessKeySecret,
            SMS_SIGN_NAME: smsKeys.signName,
            SMS_API_BASE: sms.url,
            CUSTOMER_QUIET_HOURS: 'off',
          }
        : {}),
      DINGTALK_CLIENT_ID: app.clientId,
      DINGTALK_CLIENT_SECRET: app.clientSecret,
      DINGTALK_CARD_TEMPLATE_ID: CARD_TEMPLATE_ID,
      DINGTALK_API_BASE: dingtalk.url,
      DINGTALK_OAPI_BASE: dingtalk.url,
      ...opts.env,
    },
  });
  const url = running.url!;
  if (opts.callbacks) {
    wecom.configureCallbacks({
      callback: { url: `${url}/wecom/callback`, ...callback },
      bot: { url: `${url}/wecom/bot`, ...bot, botId: 'aibe2e', name: '订单守望' },
    });
  }
  return {
    url,
    wecom,
    dingtalk,
    sms,
    db,
    secrets: {
      API_TOKEN: TOKEN,
      WECOM_SECRET: corp.corpSecret,
      WECOM_TOKEN: callback.token,
      WECOM_AES_KEY: callback.aesKey,
      WECOM_BOT_TOKEN: bot.token,
      WECOM_BOT_AES_KEY: bot.aesKey,
      DINGTALK_CLIENT_SECRET: app.clientSecret,
      SMS_ACCESS_KEY_SECRET: smsKeys.accessKeySecret,
    },
    running,
    post: (path, body) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    async stop() {
      await running.stop();
      await Promise.allSettled([wecom.close(), dingtalk.close(), sms?.close()]);
      await db.drop();
    },
  };
}

/** A WeCom EncodingAESKey: 43 letters and digits. */
function alnum43(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(43)].map((b) => chars[b % chars.length]).join('');
}

export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  what: string,
  ms = 30_000,
): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
