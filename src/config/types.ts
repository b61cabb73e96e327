// The typed Config the rest of the app reads (camelCase). Built only by loadConfig; see CONTRACT.md §2 and §5.
import { formatDuration } from './duration.js';
import { formatFen } from './money.js';
import { mask, redactUrl } from './secrets.js';

export const ROLES = ['cs', 'warehouse', 'supervisor', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ALERT_KINDS = ['stuck', 'suspect', 'logistics', 'refund'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SANDBOX_SETTINGS = ['on', 'off', 'auto'] as const;
export type SandboxSetting = (typeof SANDBOX_SETTINGS)[number];

export const QUEUE_BACKENDS = ['auto', 'redis', 'postgres'] as const;
export type QueueBackend = (typeof QUEUE_BACKENDS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Person {
  id: string;
  name: string;
  roles: Role[];
  /** WeCom userid. */
  wecom: string | null;
  /** DingTalk staffId / userId. */
  dingtalk: string | null;
  mobile: string | null;
}

export interface Team {
  id: string;
  /** Group robot webhook key for this team's group (secret). */
  wecomWebhookKey: string | null;
  wecomUsers: string[];
  dingtalkConversation: string | null;
  /** Person ids or platform user ids (wecom_users, people's wecom/dingtalk ids). */
  onDuty: string[];
}

/** Every field given must equal the alert's; an empty match matches everything. */
export interface RouteMatch {
  kind?: AlertKind;
  rule?: string;
  channel?: string;
  warehouse?: string;
  severity?: string;
}

export interface Route {
  match: RouteMatch;
  team: string;
}

/**
 * One rule's overrides, keys as written in the file (snake_case). Values of keys matching
 * DURATION_KEY (`after`, `window`, `within`, `*_after`, …) are already milliseconds.
 */
export type RuleSettings = { enabled?: boolean } & Record<string, unknown>;

export interface EscalationLevel {
  afterMs: number;
  /** Roles, person ids or team ids. */
  notify: string[];
  customerNotice: boolean;
  ding: boolean;
}

/** Escalation business hours, minutes after midnight Asia/Shanghai; `endMin` may be 1440 (24:00). */
export interface BusinessHours {
  startMin: number;
  endMin: number;
}

export interface RefundPolicy {
  approvalRequiredFromFen: number;
  secondApproverFromFen: number;
}

/** The part that comes from orderwatch.yaml (or the built-in defaults). */
export interface FileConfig {
  people: Person[];
  teams: Team[];
  /** First match wins. */
  routes: Route[];
  rules: Record<string, RuleSettings>;
  /**
   * Policy name → levels in increasing `afterMs`; always has `default`. A name that is a rule id or an
   * alert kind selects that policy for those alerts (rule first, then kind, then `default`).
   */
  escalation: Record<string, EscalationLevel[]>;
  /** Outside these hours only critical alerts escalate; the rest wait for the next start. */
  businessHours: BusinessHours;
  refunds: RefundPolicy;
}

export interface WecomConfig {
  apiBase: string;
  app: { corpId: string; agentId: number; secret: string } | null;
  /** Self-built app callback; the receiveid is corpId. */
  callback: { token: string; aesKey: string; corpId: string } | null;
  /** AI bot (智能机器人) API-mode callback; receiveid is "". */
  bot: { token: string; aesKey: string } | null;
  webhookKey: string | null;
}

export interface DingtalkConfig {
  apiBase: string;
  oapiBase: string;
  /** robotCode defaults to clientId: an internal app's robot code is its AppKey. */
  app: {
    clientId: string;
    clientSecret: string;
    robotCode: string;
    cardTemplateId: string | null;
  } | null;
  webhook: { token: string; secret: string } | null;
}

export interface SmsConfig {
  provider: string;
  apiBase: string | null;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
}

export interface Config extends FileConfig {
  /** The config file read, or null when the built-in defaults are in use. */
  configFile: string | null;
  /** `explicit`: DATABASE_URL was set; only when it was not may the app fall back to embedded Postgres. */
  database: { url: string; explicit: boolean };
  /** `sentinels`: REDIS_SENTINELS/REDIS_SENTINEL_NAME; the master is found through them. */
  redis: {
    url: string;
    explicit: boolean;
    sentinels: { hosts: { host: string; port: number }[]; name: string } | null;
  };
  http: { host: string; port: number; publicUrl: string };
  apiToken: string | null;
  sandbox: { enabled: boolean; setting: SandboxSetting };
  demoFeed: boolean;
  queueBackend: QueueBackend;
  /** Prefix of every queue name (QUEUE_NAMESPACE). */
  queueNamespace: string;
  /** Where the embedded Postgres keeps its data. */
  dataDir: string;
  logLevel: LogLevel;
  sweepIntervalMs: number;
  wecom: WecomConfig;
  dingtalk: DingtalkConfig;
  sms: SmsConfig | null;
  outboundWebhook: { url: string; secret: string } | null;
  shopify: { webhookSecret: string | null };
  delivery: {
    /** Signs /o/:token order-page links; when unset a key is generated once and kept in the database. */
    linkSecret: string | null;
    relayIntervalMs: number;
    /** How long a storm accumulates before its digest card goes out. */
    digestWaitMs: number;
    /** First retry delay of a failed send (doubling, with jitter, up to 5 min). */
    retryBaseMs: number;
    /** How long one WeCom/DingTalk call may take before it counts as a (retryable) timeout. */
    platformTimeoutMs: number;
    /** Each team's health report card at 09:00 Asia/Shanghai (DAILY_REPORT, default on). */
    dailyReport: boolean;
    /** Customer messages due in these Asia/Shanghai hours wait for the end hour (start = end: never quiet). */
    quietHours: { startHour: number; endHour: number };
  };
}

/** The environment part, before the file is merged in. */
export type EnvConfig = Omit<Config, keyof FileConfig | 'configFile'> & { configPath: string | null };

/** A loggable summary: secrets become `***`, URL passwords are masked, people are counted. */
export function redacted(config: Config) {
  const { wecom, dingtalk, sms, outboundWebhook: hook } = config;
  return {
    configFile: config.configFile,
    database: { url: redactUrl(config.database.url), explicit: config.database.explicit },
    redis: { ...config.redis, url: redactUrl(config.redis.url) },
    http: { ...config.http, publicUrl: redactUrl(config.http.publicUrl) },
    apiToken: mask(config.apiToken),
    sandbox: { ...config.sandbox },
    demoFeed: config.demoFeed,
    queueBackend: config.queueBackend,
    queueNamespace: config.queueNamespace,
    dataDir: config.dataDir,
    logLevel: config.logLevel,
    sweepInterval: formatDuration(config.sweepIntervalMs),
    wecom: {
      apiBase: redactUrl(wecom.apiBase),
      app: wecom.app && {
        corpId: wecom.app.corpId,
        agentId: wecom.app.agentId,
        secret: mask(wecom.app.secret),
      },
      callback: wecom.callback && { token: mask(wecom.callback.token), aesKey: mask(wecom.callback.aesKey) },
      bot: wecom.bot && { token: mask(wecom.bot.token), aesKey: mask(wecom.bot.aesKey) },
      webhookKey: mask(wecom.webhookKey),
    },
    dingtalk: {
      apiBase: redactUrl(dingtalk.apiBase),
      oapiBase: redactUrl(dingtalk.oapiBase),
      app: dingtalk.app && { ...dingtalk.app, clientSecret: mask(dingtalk.app.clientSecret) },
      webhook: dingtalk.webhook && {
        token: mask(dingtalk.webhook.token),
        secret: mask(dingtalk.webhook.secret),
      },
    },
    sms: sms && {
      ...sms,
      apiBase: sms.apiBase && redactUrl(sms.apiBase),
      accessKeyId: mask(sms.accessKeyId),
      accessKeySecret: mask(sms.accessKeySecret),
    },
    outboundWebhook: hook && { url: redactUrl(hook.url), secret: mask(hook.secret) },
    shopify: { webhookSecret: mask(config.shopify.webhookSecret) },
    delivery: { ...config.delivery, linkSecret: mask(config.delivery.linkSecret) },
    people: config.people.length,
    teams: config.teams.map((t) => t.id),
    routes: config.routes.length,
    rules: Object.keys(config.rules),
    escalation: Object.keys(config.escalation),
    refunds: {
      approvalRequiredFrom: formatFen(config.refunds.approvalRequiredFromFen),
      secondApproverFrom: formatFen(config.refunds.secondApproverFromFen),
    },
  };
}

export type RedactedConfig = ReturnType<typeof redacted>;
