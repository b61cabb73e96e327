// The outside world of a fault run, living in the TEST process so it survives every kill of the app: the
// WeCom and DingTalk emulators (which count what people would see), an ERP endpoint for the outbound
// decision webhook, and the orderwatch.yaml and environment that point a child process at all of them.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARD_PARAM_KEYS } from '../../../bots/dingtalk/payloads.js';
import { startDingtalkEmulator, type DingtalkEmulator } from '../../../bots/sandbox/dingtalk/index.js';
import { startWecomEmulator, type WecomEmulator } from '../../../bots/sandbox/wecom/index.js';

export const CARD_TEMPLATE_ID = 'orderwatch-alert.schema';
export const API_TOKEN = 'faults-token-0123456789abcdef';

/** One team per warehouse, each with its own WeCom member and DingTalk group, so budgets never mix. */
export interface FaultTeam {
  id: string;
  warehouse: string;
  person: { id: string; name: string; wecom: string; dingtalk: string };
  conversationId: string;
}

export function faultTeams(n: number): FaultTeam[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    warehouse: `wh-${i}`,
    person: { id: `p${i}`, name: `值班${i}`, wecom: `u${i}`, dingtalk: `d${i}` },
    conversationId: `cid${i}==`,
  }));
}

function yamlOf(teams: FaultTeam[]): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'people:',
    ...teams.map(
      ({ person: p }) =>
        `  - { id: ${q(p.id)}, name: ${q(p.name)}, roles: [cs, supervisor], wecom: ${q(p.wecom)}, dingtalk: ${q(p.dingtalk)} }`,
    ),
    'teams:',
    ...teams.map(
      (t) =>
        `  - { id: ${q(t.id)}, wecom_users: [${q(t.person.wecom)}], dingtalk_conversation: ${q(t.conversationId)}, on_duty: [${q(t.person.id)}] }`,
    ),
    'routes:',
    ...teams.map((t) => `  - { match: { warehouse: ${q(t.warehouse)} }, team: ${q(t.id)} }`),
    `  - { match: {}, team: ${q(teams[0]!.id)} }`,
    '',
  ].join('\n');
}

/** What the ERP received: every POST, by its X-Orderwatch-Delivery id (the receiver's dedupe key). */
export interface ErpPost {
  delivery: string;
  type: string;
  externalId: string;
}

export interface Erp {
  url: string;
  posts(): ErpPost[];
  close(): Promise<void>;
}

async function startErp(): Promise<Erp> {
  const posts: ErpPost[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      try {
        const json = JSON.parse(body) as { type?: string; order?: { externalId?: string } };
        posts.push({
          delivery: String(req.headers['x-orderwatch-delivery'] ?? ''),
          type: String(json.type ?? ''),
          externalId: String(json.order?.externalId ?? ''),
        });
        res.writeHead(200).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/erp`,
    posts: () => [...posts],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Platforms {
  teams: FaultTeam[];
  wecom: WecomEmulator;
  dingtalk: DingtalkEmulator;
  erp: Erp;
  /** The environment every orderwatch process of this run gets (plus DATABASE_URL, REDIS_URL, PORT …). */
  env: Record<string, string>;
  /** Point WeCom's callbacks at this app process (`base` = http://127.0.0.1:PORT). */
  callbacksTo(base: string): void;
  close(): Promise<void>;
}

const secret = () => randomBytes(12).toString('hex');

/** A WeCom EncodingAESKey: 43 letters and digits. */
function alnum43(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(43)].map((b) => chars[b % chars.length]).join('');
}

export async function startPlatforms(opts: {
  teams: FaultTeam[];
  /** Stream frames not acked are pushed again after this long (the real gateway: about 60 s). */
  redeliverAfterMs?: number;
  maxRedeliveries?: number;
}): Promise<Platforms> {
  const { teams } = opts;
  const corp = { corpId: 'wwfault0001', corpSecret: secret(), agentId: 1000002 };
  const wecom = await startWecomEmulator({
    ...corp,
    users: teams.map((t) => t.person.wecom),
    webhookKeys: {},
  });
  const app = { clientId: 'dingfault0001', clientSecret: secret() };
  const dingtalk = await startDingtalkEmulator({
    ...app,
    templates: { [CARD_TEMPLATE_ID]: { paramKeys: [...CARD_PARAM_KEYS] } },
    conversations: Object.fromEntries(
      teams.map((t) => [t.conversationId, { title: `${t.id} 群`, members: [t.person.dingtalk] }]),
    ),
    redeliverAfterMs: opts.redeliverAfterMs ?? 3_000,
    maxRedeliveries: opts.maxRedeliveries ?? 60,
  });
  const erp = await startErp();
  const dir = await mkdtemp(join(tmpdir(), 'ow-faults-'));
  await writeFile(join(dir, 'orderwatch.yaml'), yamlOf(teams));
  const callback = { token: 'faultCallbackToken0123456789abcd', aesKey: alnum43() };
  const env: Record<string, string> = {
    API_TOKEN,
    SANDBOX: 'off',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DAILY_REPORT: 'off',
    ORDERWATCH_CONFIG: join(dir, 'orderwatch.yaml'),
    ORDERWATCH_LINK_SECRET: secret(),
    DELIVERY_RELAY_SECONDS: '1',
    DIGEST_WAIT_SECONDS: '2',
    DELIVERY_RETRY_BASE_MS: '200',
    PLATFORM_TIMEOUT_MS: '1500',
    WECOM_CORP_ID: corp.corpId,
    WECOM_AGENT_ID: String(corp.agentId),
    WECOM_SECRET: corp.corpSecret,
    WECOM_API_BASE: wecom.url,
    WECOM_TOKEN: callback.token,
    WECOM_AES_KEY: callback.aesKey,
    DINGTALK_CLIENT_ID: app.clientId,
    DINGTALK_CLIENT_SECRET: app.clientSecret,
    DINGTALK_CARD_TEMPLATE_ID: CARD_TEMPLATE_ID,
    DINGTALK_API_BASE: dingtalk.url,
    DINGTALK_OAPI_BASE: dingtalk.url,
    ORDERWATCH_WEBHOOK_URL: erp.url,
    ORDERWATCH_WEBHOOK_SECRET: secret(),
  };
  return {
    teams,
    wecom,
    dingtalk,
    erp,
    env,
    callbacksTo: (base) =>
      wecom.configureCallbacks({ callback: { url: `${base}/wecom/callback`, ...callback } }),
    async close() {
      await Promise.allSettled([wecom.close(), dingtalk.close(), erp.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
