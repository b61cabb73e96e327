// Sandbox mode (CONTRACT.md §1): with no platform credentials, the emulated WeCom and DingTalk run
// in-process and the configuration is pointed at them, so cards flow exactly as they would in
// production — through the same adapters, over HTTP — and can be seen in the emulators' chats.
import { randomBytes } from 'node:crypto';
import type { Config, Person, Team } from '../../src/config/index.js';
import { CARD_PARAM_KEYS } from '../dingtalk/payloads.js';
import { startDingtalkEmulator, type DingtalkEmulator } from './dingtalk/index.js';
import { startWecomEmulator, type WecomEmulator } from './wecom/index.js';
import { startSmsEmulator, type SmsEmulator } from './sms/index.js';
import {
  CUSTOMER_TEMPLATE_DIR,
  DEFAULT_SMS_TEMPLATE_CODES,
  loadNoticeTemplates,
} from '../../src/customers/index.js';
import { NOTICE_KINDS } from '../../src/customers/types.js';

export const SANDBOX_CARD_TEMPLATE = 'orderwatch-alert.schema';

/** Who sits in the sandbox chats when the config names nobody. */
export const SANDBOX_PEOPLE: Person[] = [
  {
    id: 'zhangsan',
    name: '张三',
    roles: ['supervisor'],
    wecom: 'zhangsan',
    dingtalk: 'zhangsan',
    mobile: '13800000001',
  },
  { id: 'lisi', name: '李四', roles: ['cs'], wecom: 'lisi', dingtalk: 'lisi', mobile: '13800000002' },
  {
    id: 'wangwu',
    name: '王五',
    roles: ['warehouse'],
    wecom: 'wangwu',
    dingtalk: 'wangwu',
    mobile: '13800000003',
  },
  {
    id: 'zhaoliu',
    name: '赵六',
    roles: ['finance'],
    wecom: 'zhaoliu',
    dingtalk: 'zhaoliu',
    mobile: '13800000004',
  },
];

export interface Sandbox {
  wecom: WecomEmulator;
  dingtalk: DingtalkEmulator;
  /** Customers' delivery-status SMS land here. */
  sms: SmsEmulator;
  /** The configuration with every platform address pointed at the emulators. */
  config: Config;
  /** Once the app listens: the emulated WeCom calls back to its /wecom/callback and /wecom/bot. */
  connectCallbacks(appUrl: string): void;
  stop(): Promise<void>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** WeCom's callback Token (≤ 32 letters/digits) and EncodingAESKey (43 letters/digits) shapes. */
const alnum = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');

export async function startSandbox(config: Config): Promise<Sandbox> {
  const people = config.people.length > 0 ? config.people : SANDBOX_PEOPLE;
  const teams = config.teams.map((t) => sandboxTeam(t, people));
  const members = [
    ...new Set([...people.flatMap((p) => (p.wecom ? [p.wecom] : [])), ...teams.flatMap((t) => t.wecomUsers)]),
  ];
  const secret = () => randomBytes(16).toString('hex');
  const corp = { corpId: 'wwsandbox0001', corpSecret: secret(), agentId: 1000002 };
  const wecom = await startWecomEmulator({
    ...corp,
    users: members,
    webhookKeys: Object.fromEntries(teams.map((t) => [t.wecomWebhookKey!, `${t.id} 群`])),
  });
  const app = { clientId: 'dingsandbox0001', clientSecret: secret() };
  const dingtalk = await startDingtalkEmulator({
    ...app,
    templates: { [SANDBOX_CARD_TEMPLATE]: { paramKeys: [...CARD_PARAM_KEYS] } },
    conversations: Object.fromEntries(
      teams.map((t) => [
        t.dingtalkConversation!,
        { title: `${t.id} 群`, members: people.flatMap((p) => (p.dingtalk ? [p.dingtalk] : [])) },
      ]),
    ),
  });
  const smsKeys = { accessKeyId: `LTAI${alnum(16)}`, accessKeySecret: alnum(30), signName: '订单守望' };
  const notices = loadNoticeTemplates(CUSTOMER_TEMPLATE_DIR);
  const sms = await startSmsEmulator({
    ...smsKeys,
    // Delivery notices, not verification codes: Aliyun's notice limit is per number and day (50).
    limits: [{ windowMs: 86_400_000, max: 50, message: '触发天级流控Permits:50' }],
    templates: Object.fromEntries(
      NOTICE_KINDS.map((k) => [
        DEFAULT_SMS_TEMPLATE_CODES[k],
        { params: notices.params(k), content: notices.aliyunContent(k) },
      ]),
    ),
  });
  const callback = { token: alnum(32), aesKey: alnum(43), corpId: corp.corpId };
  const bot = { token: alnum(32), aesKey: alnum(43) };
  const sandboxed: Config = {
    ...config,
    people,
    teams,
    wecom: {
      ...config.wecom,
      apiBase: wecom.url,
      app: { corpId: corp.corpId, agentId: corp.agentId, secret: corp.corpSecret },
      callback,
      bot,
      webhookKey: null,
    },
    dingtalk: {
      ...config.dingtalk,
      apiBase: dingtalk.url,
      oapiBase: dingtalk.url,
      app: { ...app, robotCode: app.clientId, cardTemplateId: SANDBOX_CARD_TEMPLATE },
      webhook: null,
    },
    sms: { provider: 'aliyun', apiBase: sms.url, ...smsKeys },
  };
  return {
    wecom,
    dingtalk,
    sms,
    config: sandboxed,
    connectCallbacks(appUrl) {
      wecom.configureCallbacks({
        callback: { url: `${appUrl}/wecom/callback`, token: callback.token, aesKey: callback.aesKey },
        bot: {
          url: `${appUrl}/wecom/bot`,
          token: bot.token,
          aesKey: bot.aesKey,
          botId: 'aibsandbox',
          name: '订单守望',
        },
      });
    },
    stop: async () => {
      await Promise.allSettled([wecom.close(), dingtalk.close(), sms.close()]);
    },
  };
}

/** Every team gets a group in each emulated platform, members for app cards and someone on duty. */
function sandboxTeam(t: Team, people: Person[]): Team {
  const slug = t.id.replace(/[^0-9A-Za-z]/g, '') || 'team';
  const wecomUsers =
    t.wecomUsers.length > 0 ? t.wecomUsers : people.flatMap((p) => (p.wecom ? [p.wecom] : [])).slice(0, 3);
  return {
    ...t,
    wecomWebhookKey: t.wecomWebhookKey ?? `sandbox-${slug}-${randomBytes(6).toString('hex')}`,
    wecomUsers,
    dingtalkConversation: t.dingtalkConversation ?? `cidSandbox${slug}==`,
    onDuty: t.onDuty.length > 0 ? t.onDuty : people.slice(1, 2).map((p) => p.id),
  };
}
