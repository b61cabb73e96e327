// Every inbound platform route of the running server, driven the way the platform calls it (encrypted and
// signed by the emulators' side of the crypto, not the adapter's): a genuine request is the baseline, and
// each mutation of it — forged or missing signature, another token, another AES key, another corp, a
// stale or future timestamp, a captured signature over another body — is refused with the platform's
// status and has NO effect: no audit row, no claim, no pending confirmation, no card changed. A replay of
// the genuine request (the same bytes, or the same message sealed again) is acted on once.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robotCallbackSign } from '../../bots/sandbox/dingtalk/index.js';
import { wxEncrypt, wxSign } from '../../bots/sandbox/wecom/callback-crypto.js';
import { startDeliveryStack, waitUntil, type DeliveryStack } from '../helpers/delivery-stack.js';
import { orderBody } from '../helpers/orders.js';
import { dbFingerprint, diffFingerprints, type Fingerprint } from './support.js';

const CORP = 'wwe2e0001';
const AGENT = 1000002;
const GROUP = 'wrkSGroupOps';
const CID = 'cidOPS==';
const OTHER_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const lisi = { id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi', roles: ['supervisor'] };
const teams = [
  {
    id: 'ops',
    warehouse: 'hz-1',
    webhookKey: 'ops-key',
    users: ['lisi'],
    conversationId: CID,
    onDuty: ['lisi'],
  },
];

let s: DeliveryStack;
beforeAll(async () => {
  s = await startDeliveryStack({ people: [lisi], teams, callbacks: true });
});
afterAll(async () => s?.stop());

const HOUR = 3_600_000;
const nowSec = () => Math.floor(Date.now() / 1000);
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
let n = 0;

interface Subject {
  externalId: string;
  alertId: string;
}

/** A fresh order stuck for 3 h, its open alert, and its cards delivered on both platforms. */
async function stuckOrder(): Promise<Subject> {
  const externalId = `SEC${Date.now().toString(36).toUpperCase()}${++n}`;
  const order = orderBody({
    externalId,
    buyer: { name: '周敏', phone: `137${String(30_000_000 + n)}` },
    createdAt: iso(3 * HOUR),
    paidAt: iso(3 * HOUR),
  });
  expect((await s.post('/api/v1/orders', { orders: [order] })).status).toBe(200);
  const { rows } = await waitUntil(async () => {
    const r = await s.db.pool.query(
      `SELECT a.id FROM alerts a JOIN orders o ON o.id = a.order_id WHERE o.external_id = $1`,
      [externalId],
    );
    return r.rowCount ? r : null;
  }, 'the alert');
  await waitUntil(() => wecomCards(externalId).length > 0 && dingCards(externalId).length > 0, 'the cards');
  return { externalId, alertId: rows[0].id };
}

const wecomCards = (id: string) => s.wecom.cards().filter((c) => JSON.stringify(c.recipients).includes(id));
const dingCards = (id: string) =>
  s.dingtalk.cards(CID).filter((c) => (c.cardParamMap.title ?? '').includes(id));

/** Everything a successful request could have changed: the store, and what people see on both platforms. */
interface World {
  db: Fingerprint;
  cards: string;
  messages: number;
}

/** The world once the background (relay, card updates) has nothing left to do. */
async function settled(subject: Subject): Promise<World> {
  const look = async (): Promise<World> => ({
    db: await dbFingerprint(s.db.pool),
    cards: JSON.stringify([wecomCards(subject.externalId), dingCards(subject.externalId)]),
    messages:
      s.wecom.appMessages().length + s.wecom.botMessages().length + s.dingtalk.webhookMessages(CID).length,
  });
  let last = await look();
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const next = await look();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  throw new Error('the stack never settled');
}

async function expectNoEffect(subject: Subject, before: World): Promise<void> {
  const after = await settled(subject);
  expect(diffFingerprints(before.db, after.db)).toEqual([]);
  expect(after.cards).toBe(before.cards);
  expect(after.messages).toBe(before.messages);
  const { rows } = await s.db.pool.query(`SELECT state FROM alerts WHERE id = $1`, [subject.alertId]);
  expect(rows[0].state).toBe('open');
}

async function auditOf(subject: Subject): Promise<string[]> {
  const { rows } = await s.db.pool.query(
    `SELECT action, result FROM actions WHERE order_external_id = $1 OR alert_id::text = $2 ORDER BY at`,
    [subject.externalId, subject.alertId],
  );
  return rows.map((r: { action: string; result: string }) => `${r.action}:${r.result}`);
}

// ---- WeCom: the emulator's side of WXBizMsgCrypt, with every knob exposed --------------------------------

interface Seal {
  token?: string;
  aesKey?: string;
  receiveId?: string;
  timestamp?: number;
  nonce?: string;
  signature?: string | null;
}

type Target = 'callback' | 'bot';

function keysOf(target: Target) {
  return target === 'callback'
    ? { token: s.secrets.WECOM_TOKEN!, aesKey: s.secrets.WECOM_AES_KEY!, receiveId: CORP }
    : { token: s.secrets.WECOM_BOT_TOKEN!, aesKey: s.secrets.WECOM_BOT_AES_KEY!, receiveId: '' };
}

interface Sealed {
  query: Record<string, string>;
  body: string;
}

function seal(target: Target, plaintext: string, o: Seal = {}): Sealed {
  const keys = { ...keysOf(target), ...o };
  const encrypt = wxEncrypt(keys.aesKey, plaintext, keys.receiveId);
  const timestamp = String(o.timestamp ?? nowSec());
  const nonce = o.nonce ?? String(randomInt(100_000_000, 999_999_999));
  const signature = o.signature === undefined ? wxSign(keys.token, timestamp, nonce, encrypt) : o.signature;
  const query: Record<string, string> = { timestamp, nonce };
  if (signature !== null) query.msg_signature = signature;
  const body =
    target === 'bot'
      ? JSON.stringify({ encrypt })
      : `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt>` +
        `<AgentID><![CDATA[${AGENT}]]></AgentID></xml>`;
  return { query, body };
}

const PATH: Record<Target, string> = { callback: '/wecom/callback', bot: '/wecom/bot' };

async function send(target: Target, r: Sealed): Promise<{ status: number; body: string }> {
  const res = await fetch(`${s.url}${PATH[target]}?${new URLSearchParams(r.query)}`, {
    method: 'POST',
    headers: { 'content-type': target === 'bot' ? 'application/json' : 'text/xml' },
    body: r.body,
  });
  return { status: res.status, body: await res.text() };
}

const cdata = (t: string) => `<![CDATA[${t}]]>`;
const msgId = () => `7${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;

/** lisi types `认领 <id>` to the app in a 1:1 chat (wecom.md §5.1). */
function appText(subject: Subject, id = msgId()): string {
  return (
    `<xml><ToUserName>${cdata(CORP)}</ToUserName><FromUserName>${cdata('lisi')}</FromUserName>` +
    `<CreateTime>${nowSec()}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(`认领 ${subject.externalId}`)}</Content><MsgId>${id}</MsgId>` +
    `<AgentID>${AGENT}</AgentID></xml>`
  );
}

/** lisi taps 认领 on the app card of the alert (wecom.md §4.1), with a fresh ResponseCode. */
function appClick(subject: Subject): string {
  const card = wecomCards(subject.externalId)[0]!;
  return (
    `<xml><ToUserName>${cdata(CORP)}</ToUserName><FromUserName>${cdata('lisi')}</FromUserName>` +
    `<CreateTime>${nowSec()}</CreateTime><MsgType>${cdata('event')}</MsgType>` +
    `<Event>${cdata('template_card_event')}</Event><EventKey>${cdata(`ow1.claim.${subject.alertId}`)}</EventKey>` +
    `<TaskId>${cdata(card.taskId)}</TaskId><CardType>${cdata('button_interaction')}</CardType>` +
    `<ResponseCode>${cdata(s.wecom.issueResponseCode(card.taskId))}</ResponseCode>` +
    `<AgentID>${AGENT}</AgentID></xml>`
  );
}

/** lisi writes `@订单守望 认领 <id>` in the group the AI bot is in (wecom.md §5.2). */
function botText(subject: Subject): string {
  return JSON.stringify({
    msgid: `CAIQ${randomInt(100_000_000, 999_999_999)}${++n}`,
    aibotid: 'aibe2e',
    chatid: GROUP,
    chattype: 'group',
    from: { userid: 'lisi' },
    response_url: s.wecom.mintResponseUrl(GROUP),
    msgtype: 'text',
    text: { content: `@订单守望 认领 ${subject.externalId}` },
  });
}

const WECOM_REFUSALS: [string, number, (target: Target) => Seal][] = [
  ['a forged msg_signature', 401, () => ({ signature: 'f'.repeat(40) })],
  ['no msg_signature', 401, () => ({ signature: null })],
  ['a signature made with another token', 401, () => ({ token: 'someoneElsesToken0123456789abcd' })],
  ['a message encrypted with another AES key', 401, () => ({ aesKey: OTHER_AES_KEY })],
  ['a message sealed for another corp', 401, () => ({ receiveId: 'wwattacker0001' })],
  ['a timestamp an hour old', 403, () => ({ timestamp: nowSec() - 3600 })],
  ['a timestamp an hour ahead', 403, () => ({ timestamp: nowSec() + 3600 })],
  ['a timestamp that is not a number', 403, () => ({ timestamp: Number.NaN })],
];

describe.each([
  ['the WeCom app callback (typed text)', 'callback' as const, appText],
  ['the WeCom app callback (card button)', 'callback' as const, appClick],
  ['the WeCom AI-bot callback (group @-mention)', 'bot' as const, botText],
])('POST %s', (_name, target, message) => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await stuckOrder();
  });

  it.each(WECOM_REFUSALS)('refuses %s with %i and has no effect', async (_what, status, mutate) => {
    const before = await settled(subject);
    const res = await send(target, seal(target, message(subject), mutate(target)));
    expect(res.status).toBe(status);
    expect(res.body).toBe('');
    await expectNoEffect(subject, before);
    expect(await auditOf(subject)).toEqual([]);
  });

  it('acts once on a request replayed byte for byte and on the same message sealed again', async () => {
    const inner = message(subject);
    const genuine = seal(target, inner);
    const replays = [genuine, genuine, seal(target, inner)];
    for (const r of replays) expect((await send(target, r)).status).toBe(200);
    await waitUntil(async () => (await auditOf(subject)).length > 0, 'the claim');
    await settled(subject);
    expect(await auditOf(subject)).toEqual(['claim:ok']);
    const { rows } = await s.db.pool.query(`SELECT state, claimed_by FROM alerts WHERE id = $1`, [
      subject.alertId,
    ]);
    expect(rows[0]).toEqual({ state: 'claimed', claimed_by: 'lisi' });
  });
});

describe.each([
  ['the WeCom app callback', 'callback' as const],
  ['the WeCom AI-bot callback', 'bot' as const],
])('GET %s (URL verification)', (_name, target) => {
  const verify = async (o: Seal, echostr?: string) => {
    const echo = String(randomInt(1_000_000_000, 2_000_000_000));
    const keys = { ...keysOf(target), ...o };
    const encrypted = echostr ?? wxEncrypt(keys.aesKey, echo, keys.receiveId);
    const timestamp = String(o.timestamp ?? nowSec());
    const nonce = String(randomInt(100_000_000, 999_999_999));
    const query: Record<string, string> = { timestamp, nonce, echostr: encrypted };
    const signature =
      o.signature === undefined ? wxSign(keys.token, timestamp, nonce, encrypted) : o.signature;
    if (signature !== null) query.msg_signature = signature;
    const res = await fetch(`${s.url}${PATH[target]}?${new URLSearchParams(query)}`);
    return { status: res.status, body: await res.text(), echo };
  };

  it('answers a genuine verification with the decrypted echostr', async () => {
    const r = await verify({});
    expect(r.status).toBe(200);
    expect(r.body).toBe(r.echo);
  });

  it.each(WECOM_REFUSALS)('refuses %s with %i and reveals nothing', async (_what, status, mutate) => {
    const r = await verify(mutate(target));
    expect(r.status).toBe(status);
    expect(r.body).toBe('');
  });

  it('refuses a signed verification without an echostr with 400', async () => {
    const keys = keysOf(target);
    const timestamp = String(nowSec());
    const query = { timestamp, nonce: '1', msg_signature: wxSign(keys.token, timestamp, '1', '') };
    const res = await fetch(`${s.url}${PATH[target]}?${new URLSearchParams(query)}`);
    expect([400, 401]).toContain(res.status);
    expect(await res.text()).toBe('');
  });
});

// ---- DingTalk: HTTP-mode outgoing robot (sign = HMAC of the timestamp) and the Stream connection ----------

describe('POST /dingtalk/robot (DingTalk outgoing robot, HTTP mode)', () => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await stuckOrder();
  });
  const robot = `/dingtalk/robot`;
  const message = () => ({
    conversationId: CID,
    senderStaffId: 'ding-lisi',
    senderNick: '李四',
    text: `认领 ${subject.externalId}`,
  });
  const secret = () => s.secrets.DINGTALK_CLIENT_SECRET!;

  it.each([
    ['a forged sign', () => ({ sign: 'Zm9yZ2VkLXNpZ25hdHVyZS12YWx1ZS0wMDAwMDAwMDAwMA==' })],
    ['no sign', () => ({ sign: '' })],
    [
      'a sign made with another app secret',
      () => ({ sign: robotCallbackSign('another-secret', String(Date.now())) }),
    ],
    ['a timestamp two hours old', () => ({ timestamp: Date.now() - 2 * HOUR })],
    ['a timestamp two hours ahead', () => ({ timestamp: Date.now() + 2 * HOUR })],
    [
      'a valid sign for another timestamp',
      () => ({ timestamp: Date.now(), sign: robotCallbackSign(secret(), String(Date.now() - 60_000)) }),
    ],
  ])('refuses %s with 401 and has no effect', async (_what, overrides) => {
    const before = await settled(subject);
    const r = await s.dingtalk.postRobotMessage(`${s.url}${robot}`, message(), overrides());
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.body)).not.toContain(secret());
    await expectNoEffect(subject, before);
    expect(await auditOf(subject)).toEqual([]);
  });

  it('refuses a captured signature carrying another message with 401 and has no effect', async () => {
    const timestamp = Date.now();
    const first = await s.dingtalk.postRobotMessage(
      `${s.url}${robot}`,
      { ...message(), text: '帮助' },
      {
        timestamp,
      },
    );
    expect(first.status).toBe(200);
    const before = await settled(subject);
    const substituted = { ...first.data, msgId: `${first.data.msgId}x`, text: { content: message().text } };
    const r = await s.dingtalk.postRobotMessage(`${s.url}${robot}`, message(), {
      timestamp,
      body: JSON.stringify(substituted),
    });
    expect(r.status).toBe(401);
    await expectNoEffect(subject, before);
    expect(await auditOf(subject)).toEqual([]);
  });

  it('acts once on a request replayed byte for byte', async () => {
    const timestamp = Date.now();
    const first = await s.dingtalk.postRobotMessage(`${s.url}${robot}`, message(), { timestamp });
    expect(first.status).toBe(200);
    const again = await s.dingtalk.postRobotMessage(`${s.url}${robot}`, message(), {
      timestamp,
      body: JSON.stringify(first.data),
    });
    expect(again.status).toBe(200);
    await waitUntil(async () => (await auditOf(subject)).length > 0, 'the claim');
    await settled(subject);
    expect(await auditOf(subject)).toEqual(['claim:ok']);
  });
});

describe('DingTalk Stream (frames over the authenticated gateway connection)', () => {
  it('acts once on a robot message the gateway delivers twice', async () => {
    const subject = await stuckOrder();
    await waitUntil(() => s.dingtalk.connections().some((c) => c.closedAt === null), 'the Stream connection');
    const first = s.dingtalk.pushRobotMessage({
      conversationId: CID,
      senderStaffId: 'ding-lisi',
      senderNick: '李四',
      text: `认领 ${subject.externalId}`,
    });
    s.dingtalk.pushFrame('CALLBACK', '/v1.0/im/bot/messages/get', first.data);
    await waitUntil(async () => (await auditOf(subject)).length > 0, 'the claim');
    await settled(subject);
    expect(await auditOf(subject)).toEqual(['claim:ok']);
  });

  it.each([
    ['a frame that is not JSON', 'not json'],
    ['a robot message without a sender', { msgId: 'm1', msgtype: 'text', text: { content: '认领 X' } }],
    [
      'a card callback for a button that is not ours',
      { outTrackId: 'x', userId: 'ding-lisi', content: '{}' },
    ],
  ])('acknowledges %s and has no effect', async (_what, data) => {
    const subject = await stuckOrder();
    const before = await settled(subject);
    const topic = typeof data === 'string' ? '/v1.0/im/bot/messages/get' : '/v1.0/card/instances/callback';
    const frame = s.dingtalk.pushFrame('CALLBACK', topic, data);
    await waitUntil(() => s.dingtalk.frames().find((f) => f.messageId === frame.messageId)?.acked, 'the ack');
    await expectNoEffect(subject, before);
  });
});
