// Property-based fuzzing (fast-check, bounded runs, no timing): hostile input at every parser that takes
// bytes from outside — the ingest routes (through HTTP, against the real store), WeCom's callback XML
// reader and WXBizMsgCrypt, the WeCom and DingTalk callback routes, DingTalk Stream frames, and the chat
// command parser. Nothing may throw unexpectedly or answer 500; what is refused writes and triggers nothing.
import Fastify, { type FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingtalkRobotHttpRoutes } from '../../bots/dingtalk/robot-http.js';
import { createDispatcher } from '../../bots/dingtalk/stream/dispatch.js';
import { parseFrame } from '../../bots/dingtalk/stream/frames.js';
import { cardCallbackEvent, robotMessageEvent } from '../../bots/dingtalk/stream/normalise.js';
import type { RobotReplier } from '../../bots/dingtalk/stream/replier.js';
import { robotCallbackSign } from '../../bots/sandbox/dingtalk/index.js';
import { wxEncrypt, wxSign } from '../../bots/sandbox/wecom/callback-crypto.js';
import { CallbackCryptoError, createMsgCrypt } from '../../bots/wecom/callback/crypto.js';
import { documentOf, fieldsOf, parseXml, XmlError } from '../../bots/wecom/callback/xml.js';
import { wecomAppCallbackRoutes, wecomBotCallbackRoutes } from '../../bots/wecom/index.js';
import { createCommandParser, DEFAULT_REPLIES_DIR } from '../../src/actions/commands/index.js';
import { ACTION_IDS, type PlatformEvent, type ParseResult } from '../../src/actions/types.js';
import { registerJsonBody } from '../../src/http/json-body.js';
import { systemClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { eventBody, orderBody } from '../helpers/orders.js';

const RUNS = { numRuns: 200 };

/** Strings people and attackers type: markup, SQL, templates, control characters, prototypes, emoji. */
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\u202e',
  '\ud800',
  '💥',
  '<script>alert(1)</script>',
  "'; DROP TABLE orders;--",
  '{{#each this}}{{/each}}',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00',
  '1e309',
  '-0',
  '99999999999999999999999',
  'x'.repeat(5000),
);
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), nasty);
const weird = fc.oneof(
  text,
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'toString', 'a'), fc.jsonValue({ maxDepth: 1 })),
);

// ---- ingest, through POST /api/v1/orders and /api/v1/events against the real store --------------------------

describe('the ingest routes under fuzzed bodies', () => {
  let db: TestDatabase;
  let t: TestApp;
  let seq = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await buildTestApp(db);
    const base = await post('/api/v1/orders', { orders: [orderBody({ externalId: 'FUZZBASE' })] });
    expect(base.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.drop();
  });

  const post = (url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...t.auth, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const ids = async (table: string) =>
    new Set((await db.pool.query<{ id: string }>(`SELECT id FROM ${table}`)).rows.map((r) => r.id));
  const size = async (table: string) => (await ids(table)).size;

  /** A contract order with any of its fields (and its nested ones) replaced by something else. */
  const mutatedOrder = fc
    .record(
      {
        channel: weird,
        externalId: weird,
        status: weird,
        amount: weird,
        currency: weird,
        buyer: fc.oneof(weird, fc.record({ name: weird, phone: weird }, { requiredKeys: [] })),
        address: fc.oneof(
          weird,
          fc.record({ province: weird, city: weird, district: weird, detail: weird }, { requiredKeys: [] }),
        ),
        items: fc.oneof(
          weird,
          fc.array(fc.record({ sku: weird, name: weird, qty: weird, price: weird }, { requiredKeys: [] }), {
            maxLength: 3,
          }),
        ),
        createdAt: weird,
        paidAt: weird,
        promisedShipAt: weird,
        remark: weird,
        warehouse: weird,
      },
      { requiredKeys: [] },
    )
    .map((over) => orderBody({ externalId: `FZ${++seq}`, ...over }));

  const mutatedEvent = fc
    .record(
      {
        eventId: weird,
        channel: weird,
        externalId: weird,
        type: fc.oneof(
          weird,
          fc.constantFrom('paid', 'picked', 'shipped', 'logistics', 'refund_requested', 'address_changed'),
        ),
        at: weird,
        data: fc.oneof(
          weird,
          fc.record(
            {
              trackingNo: weird,
              carrier: weird,
              status: weird,
              refundId: weird,
              amount: weird,
              address: weird,
              text: weird,
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    )
    .map((over) => eventBody('picked', '2026-11-22T09:30:00+08:00', {}, { externalId: 'FUZZBASE', ...over }));

  /** The answer is one of the contract's, well-formed; only the items answered ok are stored. */
  async function check(url: string, key: 'orders' | 'events', body: unknown, table: string) {
    const before = await ids(table);
    const alerts = await size('alerts');
    const res = await post(url, body);
    expect([200, 400, 413, 422]).toContain(res.statusCode);
    const json = res.json();
    const after = await ids(table);
    const added = [...after].filter((id) => !before.has(id));
    if (res.statusCode !== 200) {
      expect(typeof json.error).toBe('string');
      expect(typeof json.message).toBe('string');
      expect(added).toEqual([]);
      expect(await size('alerts')).toBe(alerts);
      return;
    }
    const items = (body as Record<string, unknown[]>)[key]!;
    expect(json.results).toHaveLength(items.length);
    const okIds = new Set<string>();
    json.results.forEach((r: Record<string, unknown>, i: number) => {
      expect(r.index).toBe(i);
      if (r.ok === true) {
        expect(typeof r.id).toBe('string');
        okIds.add(r.id as string);
      } else {
        expect(r.ok).toBe(false);
        expect((r.errors as unknown[]).length).toBeGreaterThan(0);
        for (const e of r.errors as { path: unknown; message: unknown }[]) {
          expect(String(e.path).startsWith(`/${key}/${i}`)).toBe(true);
          expect(typeof e.message).toBe('string');
          expect((e.message as string).length).toBeGreaterThan(0);
        }
      }
    });
    if (key === 'orders') for (const id of added) expect(okIds.has(id)).toBe(true);
    if (okIds.size === 0) {
      expect(added).toEqual([]);
      expect(await size('alerts')).toBe(alerts);
    }
  }

  it('answers any JSON value posted as orders with 200/400/413 and stores nothing when refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ orders: weird })), async (body) => {
        await check('/api/v1/orders', 'orders', body, 'orders');
      }),
      RUNS,
    );
  });

  it('answers batches of mangled orders item by item, storing exactly the valid ones', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedOrder, { minLength: 1, maxLength: 4 }), async (orders) => {
        await check('/api/v1/orders', 'orders', { orders }, 'orders');
      }),
      RUNS,
    );
  });

  it('answers batches of mangled events item by item and stores nothing for a refused batch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedEvent, { minLength: 1, maxLength: 4 }), async (events) => {
        await check('/api/v1/events', 'events', { events }, 'order_events');
      }),
      RUNS,
    );
  });

  it('answers arbitrary bytes with 400 (never 500) and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        fc.constantFrom('/api/v1/orders', '/api/v1/events'),
        async (raw, url) => {
          const before = (await size('orders')) + (await size('order_events'));
          const res = await post(url, raw);
          expect([200, 400, 413, 422]).toContain(res.statusCode);
          if (res.statusCode !== 200)
            expect((await size('orders')) + (await size('order_events'))).toBe(before);
        },
      ),
      RUNS,
    );
  });
});

// ---- WeCom callback XML and WXBizMsgCrypt ---------------------------------------------------------------

/** XML-shaped text: elements, CDATA, entities, prologs, comments, DTDs, broken and deep nesting. */
const xmlish: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((t) => t.replace(/[<&]/g, '')),
    fc.constantFrom('&amp;', '&lt;', '&#x41;', '&#0;', '&#xD800;', '&bogus;', '&', '<![CDATA[x]]>', ']]>'),
    fc.constantFrom('<!DOCTYPE x [<!ENTITY a "b">]>', '<!-- c -->', '<?pi x?>', '<a', '</a>', '<a/>'),
    fc
      .tuple(
        fc.constantFrom('xml', 'Encrypt', 'MsgType', 'a', '__proto__', '1bad'),
        fc.array(tie('node'), { maxLength: 4 }),
      )
      .map(([name, kids]) => `<${name}>${kids.join('')}</${name}>`),
    fc.string({ unit: 'binary', maxLength: 20 }).map((t) => `<![CDATA[${t}]]>`),
  ),
})).node;

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

describe('the WeCom XML reader', () => {
  it('reads any text into a document or refuses it with XmlError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          xmlish.map((x) => `<xml>${x}</xml>`),
          xmlish,
          fc.string({ unit: 'binary' }),
        ),
        (src) => {
          try {
            const root = parseXml(src);
            expect(root.name).toBe('xml');
            for (const [k, v] of Object.entries(fieldsOf(root))) {
              expect(typeof k).toBe('string');
              expect(typeof v).toBe('string');
            }
          } catch (err) {
            expect(err).toBeInstanceOf(XmlError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads back exactly the fields it writes, whatever their text', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/).filter((n) => n !== '__proto__');
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.string({ unit: 'grapheme', maxLength: 30 }), { maxKeys: 8 }),
        (fields) => {
          // What XML 1.0 cannot carry is dropped on writing (xml.ts cdata()).
          const clean = Object.fromEntries(
            Object.entries(fields).map(([k, v]) => [k, v.replace(NOT_XML, '')]),
          );
          expect(fieldsOf(parseXml(documentOf(clean)))).toEqual(clean);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('WXBizMsgCrypt (the adapter side)', () => {
  const crypt = createMsgCrypt({
    token: 'fuzzToken',
    aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
    receiveId: 'wwfuzz',
  });

  it('decrypts any string to text or refuses it with CallbackCryptoError', () => {
    const b64ish = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('base64')),
    );
    fc.assert(
      fc.property(b64ish, (encrypt) => {
        try {
          expect(typeof crypt.decrypt(encrypt)).toBe('string');
        } catch (err) {
          expect(err).toBeInstanceOf(CallbackCryptoError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('verifies any signature, timestamp and nonce without throwing, and only its own', () => {
    fc.assert(
      fc.property(text, text, text, text, (signature, timestamp, nonce, encrypt) => {
        const ok = crypt.verify({ signature, timestamp, nonce }, encrypt);
        expect(ok).toBe(signature === crypt.signature(timestamp, nonce, encrypt));
      }),
      { numRuns: 500 },
    );
  });

  it('opens what WeCom seals, for any message, and refuses it sealed for another receiver', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (message) => {
        const aesKey = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
        expect(crypt.decrypt(wxEncrypt(aesKey, message, 'wwfuzz'))).toBe(message);
        expect(() => crypt.decrypt(wxEncrypt(aesKey, message, 'wwother'))).toThrow(CallbackCryptoError);
      }),
      { numRuns: 300 },
    );
  });
});

/** A DingTalk robot message (§2): the documented fields with hostile values. */
const robotShape: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    msgId: fc.oneof(weird, text),
    msgtype: fc.oneof(weird, fc.constantFrom('text', 'richText', 'picture')),
    text: fc.oneof(weird, fc.record({ content: weird })),
    content: fc.oneof(weird, fc.record({ richText: fc.array(fc.record({ text: weird }), { maxLength: 3 }) })),
    senderStaffId: weird,
    senderId: weird,
    senderNick: weird,
    conversationId: weird,
    conversationType: weird,
    sessionWebhook: weird,
    sessionWebhookExpiredTime: weird,
  },
  { requiredKeys: [] },
);

// ---- the callback routes themselves, with a recording handler ----------------------------------------------

const WECOM = {
  token: 'fuzzCallbackToken',
  aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  corpId: 'wwfuzz0001',
  botToken: 'fuzzBotToken',
  botAesKey: 'Zq8vRdX3mN5bT7yK2pL9wH4jF6gC1sA0eU8iO3uY7tE',
};
const DING_SECRET = 'fuzz-dingtalk-app-secret';

function wellFormed(e: PlatformEvent): void {
  expect(['wecom', 'dingtalk']).toContain(e.platform);
  expect(typeof e.eventId).toBe('string');
  expect(e.eventId.trim()).not.toBe('');
  expect(typeof e.actor.platformUserId).toBe('string');
  expect(e.actor.platformUserId.trim()).not.toBe('');
  expect(['button', 'text']).toContain(e.kind);
  if (e.kind === 'text') expect(typeof e.text).toBe('string');
  if (e.kind === 'button') expect(typeof e.buttonKey).toBe('string');
  expect(['group', 'single']).toContain(e.chat.type);
}

describe('the platform callback routes under fuzzed requests', () => {
  let app: FastifyInstance;
  const events: PlatformEvent[] = [];
  beforeAll(async () => {
    app = Fastify({ logger: false });
    registerJsonBody(app);
    const handler = {
      async handle(e: PlatformEvent) {
        events.push(e);
        return { result: 'info' as const, text: '好的' };
      },
    };
    const log = createLogger('silent');
    const config = {
      apiBase: 'http://127.0.0.1:9',
      app: null,
      callback: { token: WECOM.token, aesKey: WECOM.aesKey, corpId: WECOM.corpId },
      bot: { token: WECOM.botToken, aesKey: WECOM.botAesKey },
      webhookKey: null,
    };
    const common = { config, handler, clock: systemClock, log };
    await app.register(wecomAppCallbackRoutes({ ...common, messenger: null }));
    await app.register(wecomBotCallbackRoutes({ ...common, poster: { post: async () => true } }));
    const replier = { send: async () => 'session' } as unknown as RobotReplier;
    await app.register(
      dingtalkRobotHttpRoutes({
        config: {
          apiBase: 'http://127.0.0.1:9',
          oapiBase: 'http://127.0.0.1:9',
          app: {
            clientId: 'dingfuzz',
            clientSecret: DING_SECRET,
            robotCode: 'dingfuzz',
            cardTemplateId: null,
          },
          webhook: null,
        },
        handler,
        clock: systemClock,
        log,
        replier,
      }),
    );
    await app.ready();
  });
  afterAll(async () => app?.close());

  const query = fc.dictionary(fc.constantFrom('msg_signature', 'timestamp', 'nonce', 'echostr', 'x'), text);
  const body = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    xmlish,
    fc.jsonValue().map((v) => JSON.stringify(v)),
  );

  it('refuses any unsigned or wrongly signed request to a WeCom route before the handler sees it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/wecom/callback', '/wecom/bot'),
        fc.constantFrom('GET' as const, 'POST' as const),
        query,
        body,
        async (url, method, q, payload) => {
          const seen = events.length;
          const res = await app.inject({
            method,
            url,
            query: q,
            ...(method === 'POST' ? { payload, headers: { 'content-type': 'text/xml' } } : {}),
          });
          expect([400, 401, 403, 413]).toContain(res.statusCode);
          expect(res.body).toBe('');
          expect(events.length).toBe(seen);
        },
      ),
      RUNS,
    );
  });

  /** Signed and encrypted by WeCom's side: only the inner message is hostile. */
  function sealedPost(target: 'callback' | 'bot', inner: string) {
    const t =
      target === 'callback'
        ? { token: WECOM.token, aesKey: WECOM.aesKey, receiveId: WECOM.corpId }
        : { token: WECOM.botToken, aesKey: WECOM.botAesKey, receiveId: '' };
    const encrypt = wxEncrypt(t.aesKey, inner, t.receiveId);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '1234567';
    const payload =
      target === 'bot' ? JSON.stringify({ encrypt }) : `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    return app.inject({
      method: 'POST',
      url: target === 'bot' ? '/wecom/bot' : '/wecom/callback',
      query: { msg_signature: wxSign(t.token, timestamp, nonce, encrypt), timestamp, nonce },
      payload,
      headers: { 'content-type': target === 'bot' ? 'application/json' : 'text/xml' },
    });
  }

  /** A decrypted app message: WeCom's fields with hostile values, or any XML-ish text. */
  const appInner = fc.oneof(
    xmlish,
    fc
      .record(
        {
          FromUserName: text,
          CreateTime: text,
          MsgType: fc.oneof(text, fc.constantFrom('text', 'event')),
          Event: fc.oneof(text, fc.constant('template_card_event')),
          EventKey: text,
          TaskId: text,
          Content: text,
          MsgId: text,
          ResponseCode: text,
        },
        { requiredKeys: [] },
      )
      .map((f) => documentOf(f)),
  );

  it('answers any correctly sealed app message 200 or 400, and hands on only well-formed events', async () => {
    await fc.assert(
      fc.asyncProperty(appInner, async (inner) => {
        const seen = events.length;
        const res = await sealedPost('callback', inner);
        expect([200, 400]).toContain(res.statusCode);
        for (const e of events.slice(seen)) wellFormed(e);
        if (res.statusCode === 400) expect(events.length).toBe(seen);
      }),
      RUNS,
    );
  });

  /** A decrypted AI-bot message: the documented shape with hostile values, or any JSON. */
  const botInner = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc
      .record(
        {
          msgid: weird,
          chattype: fc.oneof(weird, fc.constant('group')),
          chatid: weird,
          from: fc.oneof(weird, fc.record({ userid: weird })),
          response_url: weird,
          msgtype: fc.oneof(weird, fc.constantFrom('text', 'mixed', 'event')),
          text: fc.oneof(weird, fc.record({ content: weird })),
          mixed: fc.oneof(weird, fc.record({ msg_item: fc.array(weird, { maxLength: 3 }) })),
          event: fc.oneof(
            weird,
            fc.record({
              eventtype: fc.oneof(weird, fc.constant('template_card_event')),
              template_card_event: fc.oneof(weird, fc.record({ event_key: weird, task_id: weird })),
            }),
          ),
        },
        { requiredKeys: [] },
      )
      .map((m) => JSON.stringify(m)),
  );

  it('answers any correctly sealed AI-bot message 200 or 400, and hands on only well-formed events', async () => {
    await fc.assert(
      fc.asyncProperty(botInner, async (inner) => {
        const seen = events.length;
        const res = await sealedPost('bot', inner);
        expect([200, 400]).toContain(res.statusCode);
        for (const e of events.slice(seen)) wellFormed(e);
        if (res.statusCode === 400) expect(events.length).toBe(seen);
      }),
      RUNS,
    );
  });

  /** A DingTalk robot message body: the documented shape with hostile values, or any JSON or bytes. */
  const robotBody = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    robotShape.map((m) => JSON.stringify(m)),
  );

  it('answers any correctly signed DingTalk robot body 200 or 400, and hands on only well-formed events', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(robotBody, async (raw) => {
        const seen = events.length;
        const timestamp = String(Date.now() + ++k); // a fresh sign each time: a signature is bound to one msgId
        const res = await app.inject({
          method: 'POST',
          url: '/dingtalk/robot',
          headers: {
            'content-type': 'application/json',
            timestamp,
            sign: robotCallbackSign(DING_SECRET, timestamp),
          },
          payload: raw,
        });
        expect([200, 400]).toContain(res.statusCode);
        for (const e of events.slice(seen)) wellFormed(e);
        if (res.statusCode === 400) expect(events.length).toBe(seen);
      }),
      RUNS,
    );
  });

  it('refuses any DingTalk robot request without a valid sign before the handler sees it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('timestamp', 'sign', 'x'), text),
        robotBody,
        async (headers, raw) => {
          const seen = events.length;
          const res = await app.inject({
            method: 'POST',
            url: '/dingtalk/robot',
            headers: { ...headers, 'content-type': 'application/json' },
            payload: raw,
          });
          expect([401, 413]).toContain(res.statusCode);
          expect(events.length).toBe(seen);
        },
      ),
      RUNS,
    );
  });
});

// ---- DingTalk Stream frames ---------------------------------------------------------------------------------

describe('DingTalk Stream frames', () => {
  const frameish = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record(
        {
          type: fc.oneof(weird, fc.constantFrom('SYSTEM', 'EVENT', 'CALLBACK')),
          headers: fc.oneof(
            weird,
            fc.record(
              {
                messageId: weird,
                topic: fc.oneof(
                  weird,
                  fc.constantFrom(
                    'ping',
                    'disconnect',
                    '/v1.0/im/bot/messages/get',
                    '/v1.0/card/instances/callback',
                  ),
                ),
              },
              { requiredKeys: [] },
            ),
          ),
          data: fc.oneof(
            weird,
            fc.jsonValue().map((v) => JSON.stringify(v)),
          ),
        },
        { requiredKeys: [] },
      )
      .map((f) => JSON.stringify(f)),
  );

  /** A robot message or card callback payload (§2, §3.3) with hostile values, or any object. */
  const payload: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc.dictionary(text, weird),
    robotShape,
    fc.record(
      {
        outTrackId: weird,
        userId: weird,
        spaceType: fc.oneof(weird, fc.constantFrom('IM_GROUP', 'IM_ROBOT')),
        spaceId: weird,
        content: fc.oneof(
          weird,
          fc
            .record(
              {
                cardPrivateData: fc.oneof(
                  weird,
                  fc.record(
                    { actionIds: fc.oneof(weird, fc.array(weird)), params: weird },
                    { requiredKeys: [] },
                  ),
                ),
                params: weird,
              },
              { requiredKeys: [] },
            )
            .map((c) => JSON.stringify(c)),
        ),
        value: weird,
      },
      { requiredKeys: [] },
    ),
  );

  it('parses any text into a frame or null, and normalises any payload into a well-formed event or null', () => {
    fc.assert(
      fc.property(frameish, payload, text, (raw, obj, messageId) => {
        const frame = parseFrame(raw);
        if (frame) {
          expect(typeof frame.headers.messageId).toBe('string');
          expect(typeof frame.headers.topic).toBe('string');
          expect(typeof frame.data).toBe('string');
        }
        const robot = robotMessageEvent(obj, new Date());
        if (robot) wellFormed(robot.event);
        const card = cardCallbackEvent(obj, messageId, new Date());
        if (card) wellFormed(card);
      }),
      { numRuns: 500 },
    );
  });

  it('dispatches any frame without throwing, acks with JSON, and hands on only well-formed events', async () => {
    const events: PlatformEvent[] = [];
    const dispatcher = createDispatcher({
      handler: {
        async handle(e) {
          events.push(e);
          return { result: 'info', text: '好的' };
        },
      },
      replier: { send: async () => 'session' } as unknown as RobotReplier,
      log: createLogger('silent'),
      clock: systemClock,
      cardAnswerMs: 1_000,
    });
    await fc.assert(
      fc.asyncProperty(frameish, async (raw) => {
        const frame = parseFrame(raw);
        if (!frame) return;
        const sent: string[] = [];
        expect(() =>
          dispatcher.onFrame(
            frame,
            (t) => void sent.push(t),
            () => {},
          ),
        ).not.toThrow();
        await dispatcher.drain(2_000);
        for (const s of sent) expect(() => JSON.parse(s)).not.toThrow();
      }),
      RUNS,
    );
    for (const e of events) wellFormed(e);
  });
});

// ---- the chat command parser ------------------------------------------------------------------------------

describe('the chat command parser', () => {
  const parser = createCommandParser({ templatesDir: DEFAULT_REPLIES_DIR });
  const aliases = parser.specs.flatMap((s) => [...s.aliases.zh, ...s.aliases.en]);
  const arg = fc.oneof(
    text,
    fc.constantFrom(
      'TB20261122001',
      'taobao:TB1',
      '3f2a4b5c',
      '3f2a4b5c-1d2e-4f3a-8b9c-0d1e2f3a4b5c',
      '2h',
      '90s',
      '-1h',
      '99999999d',
      '0m',
    ),
  );
  const typed = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 600 }),
    fc
      .tuple(
        fc.constantFrom(...aliases),
        fc.array(arg, { maxLength: 4 }),
        fc.constantFrom(' ', '　', '\n', '', '  '),
      )
      .map(([a, args, sep]) => [a, ...args].join(sep)),
  );

  function wellFormedParse(r: ParseResult): void {
    if (r.ok) {
      expect(ACTION_IDS).toContain(r.command.command);
      const target = r.command.target;
      if (target !== null) expect(['order', 'alert']).toContain(target.kind);
      if (r.command.durationMs !== null) expect(r.command.durationMs).toBeGreaterThan(0);
      if (r.command.reason !== null) expect(typeof r.command.reason).toBe('string');
      return;
    }
    expect(['empty', 'unknown_command', 'missing_arg', 'bad_arg']).toContain(r.error);
    const explained = parser.explain(r);
    expect(typeof explained).toBe('string');
    expect(explained.trim().length).toBeGreaterThan(0);
  }

  it('parses any typed text into a well-formed command or a failure it can explain', () => {
    fc.assert(
      fc.property(typed, (t) => {
        wellFormedParse(parser.parse(t));
        expect(typeof parser.isConfirmation(t)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('decodes any button key into a well-formed command or a failure, never a throw', () => {
    const key = fc.oneof(
      text,
      fc
        .tuple(
          fc.constantFrom('ow1', 'ow2', ''),
          fc.oneof(text, fc.constantFrom(...ACTION_IDS, 'noop')),
          text,
        )
        .map((parts) => parts.join('.')),
    );
    fc.assert(
      fc.property(key, (k) => wellFormedParse(parser.decodeButton(k))),
      { numRuns: 500 },
    );
  });

  it('treats a value that is not text as a failure, not a crash', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => wellFormedParse(parser.parse(v as string))),
      { numRuns: 200 },
    );
  });
});
