// Secrets never reach logs or error messages (DESIGN.md §3.5): the whole server runs with a known value for
// every credential it can be given, logging at trace level into memory, through a full delivery scenario —
// orders and events in, cards out on every channel, button clicks and chat commands on every surface, a
// customer SMS, the outbound decision webhook — and through its failure paths (platforms failing and
// throttling, expired tokens, unknown robot keys, a failing ERP, forged and malformed requests). No captured
// log line and no error answer may contain any of the secrets, nor the access tokens the platforms issued,
// nor the single-use reply URLs.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryStack, waitUntil, type DeliveryStack } from '../helpers/delivery-stack.js';
import { orderBody } from '../helpers/orders.js';
import { captureLog, type CapturedLog } from './support.js';

const hex = (n: number) => randomBytes(n).toString('hex');
/** Every credential we configure, by variable name; the stack adds the ones it generates. */
const CONFIGURED = {
  OPS_WEBHOOK_KEY: `opskey${hex(10)}`,
  WECOM_WEBHOOK_KEY: `defaultkey${hex(10)}`,
  DINGTALK_WEBHOOK_TOKEN: `dtwebhooktoken${hex(10)}`,
  DINGTALK_WEBHOOK_SECRET: `SEC${hex(16)}`,
  ORDERWATCH_LINK_SECRET: `linksecret${hex(12)}`,
  ORDERWATCH_WEBHOOK_SECRET: `erpsecret${hex(12)}`,
  SHOPIFY_WEBHOOK_SECRET: `shpss_${hex(12)}`,
  DATABASE_PASSWORD: `dbpw${hex(12)}`,
};

const people = [
  { id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi', roles: ['cs'] },
  { id: 'zhangsan', name: '张三', wecom: 'zhangsan', dingtalk: 'ding-zhangsan', roles: ['supervisor'] },
  { id: 'zhaoliu', name: '赵六', wecom: 'zhaoliu', dingtalk: 'ding-zhaoliu', roles: ['finance'] },
  { id: 'wangwu', name: '王五', wecom: 'wangwu', dingtalk: 'ding-wangwu', roles: ['warehouse'] },
];
const CID = 'cidOPS==';
const teams = [
  {
    id: 'ops',
    warehouse: 'hz-1',
    webhookKey: CONFIGURED.OPS_WEBHOOK_KEY,
    users: ['lisi', 'zhangsan'],
    conversationId: CID,
    onDuty: ['lisi'],
  },
  // No robot key and no DingTalk group of its own: the default WeCom key and the DingTalk signed webhook,
  // neither of which the platforms know, so every send there fails (and is logged).
  { id: 'night', warehouse: 'sh-1', users: ['wangwu'], onDuty: ['wangwu'] },
];

/** The ERP: the first delivery of each decision fails with 500, the retry succeeds. */
function startErp() {
  const seen = new Map<string, number>();
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const id = String(req.headers['x-orderwatch-delivery'] ?? '');
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (n === 1) {
        res.writeHead(500).end('boom');
        return;
      }
      received.push(body);
      res.writeHead(200).end('ok');
    });
  });
  return {
    received,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => {
          const a = server.address();
          resolve(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/erp/decisions`);
        }),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let s: DeliveryStack;
let logs: CapturedLog;
let stopped = false;
const erp = startErp();
/** Every body the server answered our requests with (error answers above all). */
const answers: { what: string; status: number; body: string }[] = [];
/** Credentials handed out during the run: reply URLs (single use) and session webhooks. */
const issued: string[] = [];

/** Every access token the platforms handed orderwatch (the emulators mask them in their own records). */
const accessTokens = new Set<string>();
const realFetch = globalThis.fetch;

beforeAll(async () => {
  globalThis.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (/gettoken|accessToken/i.test(url)) {
      const body = (await res
        .clone()
        .json()
        .catch(() => null)) as { access_token?: string; accessToken?: string } | null;
      for (const t of [body?.access_token, body?.accessToken]) if (t) accessTokens.add(t);
    }
    return res;
  };
  logs = captureLog('trace');
  const erpUrl = await erp.listen();
  s = await startDeliveryStack({
    people,
    teams,
    callbacks: true,
    sms: true,
    log: logs.log,
    databaseUrl: (url) => {
      const u = new URL(url);
      u.password = CONFIGURED.DATABASE_PASSWORD; // the machine's Postgres trusts local logins
      return u.toString();
    },
    env: {
      WECOM_WEBHOOK_KEY: CONFIGURED.WECOM_WEBHOOK_KEY,
      DINGTALK_WEBHOOK_TOKEN: CONFIGURED.DINGTALK_WEBHOOK_TOKEN,
      DINGTALK_WEBHOOK_SECRET: CONFIGURED.DINGTALK_WEBHOOK_SECRET,
      ORDERWATCH_LINK_SECRET: CONFIGURED.ORDERWATCH_LINK_SECRET,
      ORDERWATCH_WEBHOOK_URL: erpUrl,
      ORDERWATCH_WEBHOOK_SECRET: CONFIGURED.ORDERWATCH_WEBHOOK_SECRET,
      SHOPIFY_WEBHOOK_SECRET: CONFIGURED.SHOPIFY_WEBHOOK_SECRET,
      DELIVERY_RELAY_SECONDS: '1',
      DELIVERY_RETRY_BASE_MS: '200',
    },
  });
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  if (!stopped) await s?.stop();
  await erp.close();
});

const HOUR = 3_600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

async function call(what: string, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${s.url}${path}`, init);
  answers.push({ what, status: res.status, body: await res.clone().text() });
  return res;
}
const api = (path: string, body?: unknown, token = s.secrets.API_TOKEN!) =>
  call(`${body === undefined ? 'GET' : 'POST'} ${path}`, path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

async function alertOf(externalId: string, rule: string): Promise<string> {
  return waitUntil(async () => {
    const { rows } = await s.db.pool.query(
      `SELECT a.id FROM alerts a JOIN orders o ON o.id = a.order_id WHERE o.external_id = $1 AND a.rule = $2`,
      [externalId, rule],
    );
    return rows[0]?.id as string | undefined;
  }, `the ${rule} alert of ${externalId}`);
}

/** The happy path: orders and events in, cards out, people acting on them, a customer told. */
async function deliveryScenario(): Promise<void> {
  const buyer = (phone: string) => ({ buyer: { name: '周敏', phone } });
  const stuck = (externalId: string, warehouse: string, phone: string) =>
    orderBody({ externalId, warehouse, ...buyer(phone), createdAt: iso(3 * HOUR), paidAt: iso(3 * HOUR) });
  // A failed first send on each platform, so retries are logged too.
  s.wecom.fail({ kind: 'busy', count: 1, path: '/cgi-bin/message/send' });
  s.dingtalk.fail({ kind: 'busy', count: 1, path: '/v1.0/card/instances/createAndDeliver' });
  await api('/api/v1/orders', {
    orders: [
      stuck('LOG001', 'hz-1', '13700001111'),
      stuck('LOG002', 'sh-1', '13700002222'),
      orderBody({ externalId: 'LOG003', ...buyer('13700003333'), createdAt: iso(HOUR), paidAt: iso(HOUR) }),
      orderBody({ externalId: 'LOG004', ...buyer('13912345678'), status: 'shipped' }),
    ],
  });
  await api('/api/v1/events', {
    events: [
      {
        channel: 'taobao',
        externalId: 'LOG003',
        type: 'refund_requested',
        at: iso(0),
        data: { refundId: 'RLOG003', amount: '399.00', reason: '不想要了' },
      },
      {
        channel: 'taobao',
        externalId: 'LOG004',
        type: 'shipped',
        at: iso(2 * HOUR),
        data: { trackingNo: 'YTLOG004', carrier: 'yto' },
      },
      {
        channel: 'taobao',
        externalId: 'LOG004',
        type: 'logistics',
        at: iso(HOUR),
        data: { status: 'collected', description: '已揽收' },
      },
    ],
  });
  const shopify = readFileSync(new URL('../fixtures/channels/shopify-orders-create.json', import.meta.url));
  const hmac = createHmac('sha256', CONFIGURED.SHOPIFY_WEBHOOK_SECRET).update(shopify).digest('base64');
  await call('shopify webhook', '/api/v1/channels/shopify/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': hmac },
    body: shopify,
  });

  const claimId = await alertOf('LOG001', 'stuck_unpicked');
  const card = await waitUntil(
    () =>
      s.wecom.cards().find((c) => JSON.stringify(c.recipients.lisi ?? null).includes(`ow1.claim.${claimId}`)),
    'the WeCom app card',
  );
  s.wecom.expireTokens(); // the next call needs a fresh access_token
  await s.wecom.clickCard({ taskId: card.taskId, userid: 'lisi', eventKey: `ow1.claim.${claimId}` });
  const refundId = await alertOf('LOG003', 'refund_approval');
  const ding = await waitUntil(
    () => s.dingtalk.cards(CID).find((c) => (c.cardParamMap.title ?? '').includes('LOG003')),
    'the DingTalk refund card',
  );
  s.dingtalk.expireTokens();
  await s.dingtalk.clickCard({
    outTrackId: ding.outTrackId,
    userId: 'ding-zhaoliu',
    actionIds: ['approve'],
    params: { action: 'approve', alertId: refundId, key: `ow1.approve.${refundId}` },
  });
  const mention = await s.wecom.mentionBot({
    chatid: 'wrkSGroupOps',
    userid: 'lisi',
    text: '@订单守望 查单 LOG002',
  });
  issued.push(mention.responseUrl);
  const botCard = mention.reply?.template_card as { task_id: string } | undefined;
  const stuck2 = await alertOf('LOG002', 'stuck_unpicked');
  if (botCard) {
    const click = await s.wecom.clickBotCard({
      chatid: 'wrkSGroupOps',
      userid: 'zhangsan',
      taskId: botCard.task_id,
      eventKey: `ow1.claim.${stuck2}`,
    });
    issued.push(click.responseUrl);
  }
  await s.wecom.sendText({ userid: 'wangwu', content: '拦截 LOG002' });
  const robot = await s.dingtalk.postRobotMessage(`${s.url}/dingtalk/robot`, {
    conversationId: CID,
    senderStaffId: 'ding-zhangsan',
    senderNick: '张三',
    text: '查单 LOG001',
  });
  issued.push(String(robot.sessionWebhook));
  const streamed = s.dingtalk.pushRobotMessage({
    conversationId: CID,
    senderStaffId: 'ding-lisi',
    senderNick: '李四',
    text: '帮助',
  });
  issued.push(String(streamed.sessionWebhook));

  await waitUntil(() => s.sms!.messages('13912345678').length > 0, 'the customer SMS');
  await waitUntil(() => erp.received.length > 0, 'the decision at the ERP');
  await waitUntil(
    () => s.dingtalk.card(ding.outTrackId)?.cardParamMap.variant === 'resolved',
    'the refund card resolved for everyone',
  );
}

/** What an attacker or a misconfigured client sends. */
async function hostileRequests(): Promise<void> {
  await api('/api/v1/alerts', undefined, 'wrong-token-0123456789abcdef');
  await call('no token', '/api/v1/audit');
  await call('token in the wrong scheme', '/api/v1/orders', {
    method: 'POST',
    headers: { authorization: `Basic ${s.secrets.API_TOKEN}` },
    body: '{}',
  });
  await api('/api/v1/orders', '{"orders": [');
  await api('/api/v1/orders', { orders: [{ ...orderBody({ externalId: 'BAD' }), amount: 'lots' }] });
  await api('/api/v1/nope');
  await call('forged shopify', '/api/v1/channels/shopify/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': 'Zm9yZ2Vk' },
    body: '{"id": 1}',
  });
  const plain = '<xml><MsgType><![CDATA[text]]></MsgType></xml>';
  const forged = s.wecom.sealCallback('callback', plain);
  for (const [what, sealed] of [
    ['forged WeCom callback', { ...forged, query: { ...forged.query, msg_signature: '0'.repeat(40) } }],
    ['stale WeCom callback', s.wecom.sealCallback('callback', plain, { timestamp: 1 })],
    ['WeCom callback for another corp', s.wecom.sealCallback('callback', plain, { receiveId: 'wwother' })],
  ] as const) {
    const r = await s.wecom.postCallback('/wecom/callback', sealed);
    answers.push({ what, status: r.status, body: r.body });
  }
  const bot = await s.wecom.postCallback('/wecom/bot', { target: 'bot', query: {}, body: '{"encrypt":"x"}' });
  answers.push({ what: 'unsigned bot callback', status: bot.status, body: bot.body });
  const robot = await s.dingtalk.postRobotMessage(
    `${s.url}/dingtalk/robot`,
    { conversationId: CID, senderStaffId: 'ding-lisi', senderNick: '李四', text: '认领 LOG001' },
    { sign: 'Zm9yZ2Vk' },
  );
  answers.push({ what: 'forged DingTalk robot', status: robot.status, body: JSON.stringify(robot.body) });
  await call('malformed robot body', '/dingtalk/robot', {
    method: 'POST',
    headers: { 'content-type': 'application/json', timestamp: String(Date.now()), sign: 'x' },
    body: '{',
  });
}

/** Every value that must never be written: configured, generated, issued; with its usual encodings. */
function secrets(): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string, value: string | undefined | null) => {
    if (!value || value.length < 8) return;
    for (const v of new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64')]))
      out.set(v, name);
  };
  for (const [k, v] of Object.entries({ ...s.secrets, ...CONFIGURED })) add(k, v);
  add('bearer header', `Bearer ${s.secrets.API_TOKEN}`);
  for (const token of accessTokens) add('platform access token', token);
  for (const url of issued) {
    const u = new URL(url);
    for (const v of u.searchParams.values()) add(`credential in ${u.pathname}`, v);
  }
  return out;
}

describe('secrets in logs and answers', () => {
  it(
    'writes none of them to any log line or error answer during a full scenario with failures',
    { timeout: 120_000 },
    async () => {
      await deliveryScenario();
      await hostileRequests();
      await s.stop();
      stopped = true;

      const lines = logs.lines();
      const levels = lines.map((l) => (JSON.parse(l) as { level: number }).level);
      // The run was logged, its failure paths included (warn = 40, error = 50).
      expect(lines.length).toBeGreaterThan(30);
      expect(levels.filter((l) => l >= 40).length).toBeGreaterThan(10);
      for (const failure of ['wecom delivery failed', 'dingtalk send failed', 'outbound webhook failed'])
        expect(
          lines.some((l) => l.includes(failure)),
          failure,
        ).toBe(true);
      expect(answers.filter((a) => a.status >= 400).length).toBeGreaterThanOrEqual(10);

      const known = secrets();
      expect([...new Set(known.values())]).toEqual(
        expect.arrayContaining([
          'API_TOKEN',
          'WECOM_SECRET',
          'WECOM_AES_KEY',
          'WECOM_BOT_AES_KEY',
          'DINGTALK_CLIENT_SECRET',
          'SMS_ACCESS_KEY_SECRET',
          'OPS_WEBHOOK_KEY',
          'WECOM_WEBHOOK_KEY',
          'DINGTALK_WEBHOOK_SECRET',
          'ORDERWATCH_LINK_SECRET',
          'ORDERWATCH_WEBHOOK_SECRET',
          'SHOPIFY_WEBHOOK_SECRET',
          'DATABASE_PASSWORD',
          'platform access token',
        ]),
      );
      const leaks: string[] = [];
      for (const [value, name] of known) {
        for (const line of lines)
          if (line.includes(value)) leaks.push(`${name} in log: ${line.slice(0, 300)}`);
        for (const a of answers) if (a.body.includes(value)) leaks.push(`${name} in the answer to ${a.what}`);
      }
      expect(leaks).toEqual([]);
    },
  );
});
