import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WecomEmulator } from '../../../../bots/sandbox/wecom/index.js';
import { createWecomNotifier } from '../../../../bots/wecom/notifier.js';
import type { WecomConfig } from '../../../../src/config/types.js';
import { createLogger } from '../../../../src/lib/logger.js';
import type { Notifier, SendOutcome, SendRequest } from '../../../../src/notify/notifier.js';
import {
  AGENT_ID,
  CORP_ID,
  CORP_SECRET,
  sampleCard,
  startEmulator,
  WEBHOOK_KEY,
  type TestClock,
} from './helpers.js';

let emu: WecomEmulator;
let clock: TestClock;
let logged: string;
let notifier: Notifier;

function makeNotifier(
  opts: { requestTimeoutMs?: number; app?: boolean } = {},
): ReturnType<typeof createWecomNotifier> {
  const config: WecomConfig = {
    apiBase: emu.url,
    app: opts.app === false ? null : { corpId: CORP_ID, agentId: AGENT_ID, secret: CORP_SECRET },
    callback: null,
    bot: null,
    webhookKey: null,
  };
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged += String(chunk);
      done();
    },
  });
  const log = createLogger('debug', sink);
  return createWecomNotifier({ config, clock, log, requestTimeoutMs: opts.requestTimeoutMs });
}

const appSend = (key = 'dlv-al_1-t1', users = ['zhangsan', 'lisi']): SendRequest => ({
  destination: { channel: 'wecom_app', users },
  card: sampleCard(),
  idempotencyKey: key,
});
const hookSend = (key = WEBHOOK_KEY): SendRequest => ({
  destination: { channel: 'wecom_webhook', webhookKey: key },
  card: sampleCard(),
  idempotencyKey: 'dlv-x',
});
const refOf = (o: SendOutcome) => (o.ok ? o.ref : {});

beforeEach(async () => {
  ({ emu, clock } = await startEmulator());
  logged = '';
  notifier = makeNotifier();
});
afterEach(() => emu.close());

describe('createWecomNotifier channels', () => {
  it('serves wecom_app only when an app is configured', () => {
    expect(notifier.channels).toEqual(['wecom_app', 'wecom_webhook']);
    expect(makeNotifier({ app: false }).channels).toEqual(['wecom_webhook']);
  });
});

describe('wecom_app', () => {
  it('sends the card to each user and returns task_id, msgid and response_code', async () => {
    const outcome = await notifier.send(appSend());
    expect(outcome).toEqual({
      ok: true,
      ref: {
        taskId: 'dlv-al_1-t1',
        msgid: expect.any(String),
        responseCode: expect.any(String),
        responseCodeAt: clock.now().toISOString(),
      },
    });
    expect(Object.keys(emu.card('dlv-al_1-t1')?.recipients ?? {})).toEqual(['zhangsan', 'lisi']);
  });

  it('updates the card for every recipient and marks the response_code consumed', async () => {
    const sent = await notifier.send(appSend());
    const update = await notifier.update({
      destination: { channel: 'wecom_app', users: ['zhangsan', 'lisi'] },
      card: sampleCard({ status: '张三 已认领', buttons: [] }),
      ref: refOf(sent),
    });
    expect(update).toEqual({ ok: true, ref: { ...refOf(sent), responseCode: null, responseCodeAt: null } });
    const recipients = Object.values(emu.card('dlv-al_1-t1')?.recipients ?? {});
    expect(recipients.map((r) => r.card.sub_title_text)).toEqual([
      '已付款 3 小时仍未拣货\n状态：张三 已认领',
      '已付款 3 小时仍未拣货\n状态：张三 已认领',
    ]);
  });

  it.each([
    ['a consumed code', { responseCode: null }, 0],
    ['a code 71 h old', {}, 71 * 3600_000 + 1],
  ])('says notUpdatable without calling WeCom for %s', async (_name, change, age) => {
    const ref = { ...refOf(await notifier.send(appSend())), ...change };
    clock.advance(age);
    const before = emu.requests('/update_template_card').length;
    const outcome = await notifier.update({ destination: { channel: 'wecom_app' }, card: sampleCard(), ref });
    expect(outcome).toMatchObject({ ok: false, retryable: false, notUpdatable: true });
    expect(emu.requests('/update_template_card')).toHaveLength(before);
  });

  it('says notUpdatable when WeCom refuses a code that was already spent', async () => {
    const ref = refOf(await notifier.send(appSend()));
    const req = { destination: { channel: 'wecom_app' as const }, card: sampleCard(), ref };
    expect(await notifier.update(req)).toMatchObject({ ok: true });
    expect(await notifier.update(req)).toMatchObject({
      ok: false,
      retryable: false,
      notUpdatable: true,
      credentialSpent: true,
    });
  });

  it('reports a repeated idempotency key as a duplicate (sent before a crash), with the task_id a click can update', async () => {
    await notifier.send(appSend());
    const again = await makeNotifier().send(appSend());
    expect(again).toMatchObject({
      ok: false,
      retryable: false,
      duplicate: true,
      reason: expect.stringContaining('42014'),
      ref: { taskId: 'dlv-al_1-t1', msgid: null, responseCode: null, responseCodeAt: null },
    });
  });

  it('tells whether a card can be updated in place: only with an unspent, young response_code', async () => {
    const ref = refOf(await notifier.send(appSend()));
    expect(notifier.updatesInPlace?.('wecom_app', ref)).toBe(true);
    expect(notifier.updatesInPlace?.('wecom_app', { ...ref, responseCode: null })).toBe(false);
    expect(notifier.updatesInPlace?.('wecom_webhook', ref)).toBe(false);
    clock.advance(71 * 3600_000 + 1);
    expect(notifier.updatesInPlace?.('wecom_app', ref)).toBe(false);
  });

  it('refreshes the token once when it expires between two sends, without failing', async () => {
    expect(await notifier.send(appSend('dlv-1'))).toMatchObject({ ok: true });
    emu.expireTokens();
    expect(await notifier.send(appSend('dlv-2'))).toMatchObject({ ok: true });
    expect(emu.requests('/gettoken')).toHaveLength(2);
    expect(emu.requests('/message/send').map((r) => (r.response as { errcode: number }).errcode)).toEqual([
      0, 42001, 0,
    ]);
  });

  it('fetches one token for concurrent sends and reuses it until it nears expiry', async () => {
    await Promise.all([1, 2, 3].map((i) => notifier.send(appSend(`dlv-${i}`))));
    expect(emu.requests('/gettoken')).toHaveLength(1);
    clock.advance(7200_000 - 60_000);
    await notifier.send(appSend('dlv-4'));
    expect(emu.requests('/gettoken')).toHaveLength(2);
    expect(
      emu.requests('/message/send').every((r) => (r.response as { errcode: number }).errcode === 0),
    ).toBe(true);
  });

  it.each([
    ['no users', { destination: { channel: 'wecom_app' as const, users: [] } }],
    ['an idempotency key WeCom cannot take', { idempotencyKey: 'dlv#1' }],
  ])('fails permanently without calling WeCom for %s', async (_name, change) => {
    expect(await notifier.send({ ...appSend(), ...change })).toMatchObject({ ok: false, retryable: false });
    expect(emu.requests('/message/send')).toEqual([]);
  });

  it('never makes a member exceed 30 messages a minute in normal use of one card each', async () => {
    for (let i = 0; i < 5; i++) await notifier.send(appSend(`dlv-${i}`));
    expect(emu.dropped()).toEqual([]);
  });
});

describe('wecom_webhook', () => {
  it('posts markdown with mentions to the group and returns an empty ref', async () => {
    expect(await notifier.send(hookSend())).toEqual({ ok: true, ref: {} });
    expect(emu.groupMessages(WEBHOOK_KEY)).toEqual([
      expect.objectContaining({ group: '杭州仓群', msgtype: 'markdown', mentions: ['zhangsan'] }),
    ]);
  });

  it('is never updatable', async () => {
    const outcome = await notifier.update({
      destination: { channel: 'wecom_webhook' },
      card: sampleCard(),
      ref: {},
    });
    expect(outcome).toMatchObject({ ok: false, retryable: false, notUpdatable: true });
  });

  it('holds sends for a minute when the robot is throttled', async () => {
    emu.fail({ kind: 'throttle', count: 1 });
    expect(await notifier.send(hookSend())).toMatchObject({
      ok: false,
      retryable: true,
      throttledForMs: 60_000,
    });
  });
});

describe('failures against the emulator', () => {
  it.each([
    ['busy', true],
    ['http5xx', true],
    ['reset', true],
  ] as const)('classifies a %s fault as retryable=%s', async (kind, retryable) => {
    emu.fail({ kind, count: 1 });
    expect(await notifier.send(hookSend())).toMatchObject({ ok: false, retryable });
  });

  it('gives up on a request that never answers after requestTimeoutMs, as retryable', async () => {
    const quick = makeNotifier({ requestTimeoutMs: 150 });
    emu.fail({ kind: 'timeout', count: 1 });
    expect(await quick.send(hookSend())).toMatchObject({
      ok: false,
      retryable: true,
      reason: expect.stringContaining('no answer'),
    });
  });

  it('fails permanently on an unknown robot key', async () => {
    expect(await notifier.send(hookSend('revoked-key-123'))).toMatchObject({ ok: false, retryable: false });
  });

  it('keeps token, secret and robot key out of every reason and log line', async () => {
    const outcomes: SendOutcome[] = [];
    outcomes.push(await notifier.send(hookSend('revoked-key-123')));
    emu.fail({ kind: 'http5xx', count: 1 });
    outcomes.push(await notifier.send(hookSend()));
    outcomes.push(await notifier.send(appSend()));
    emu.fail({ kind: 'busy', count: 1, path: '/message/send' });
    outcomes.push(await notifier.send(appSend('dlv-2')));
    const badSecret = createWecomNotifier({
      config: {
        apiBase: emu.url,
        app: { corpId: CORP_ID, agentId: AGENT_ID, secret: 'wrong-secret-xyz' },
        callback: null,
        bot: null,
        webhookKey: null,
      },
      clock,
      log: createLogger('silent'),
    });
    outcomes.push(await badSecret.send(appSend('dlv-3')));
    expect(logged).toContain('wecom delivery failed');
    const printed = JSON.stringify(outcomes) + logged;
    const tokens = emu.requests('/gettoken').length;
    expect(tokens).toBeGreaterThan(0);
    for (const secret of [CORP_SECRET, WEBHOOK_KEY, 'revoked-key-123', 'wrong-secret-xyz', 'access_token=']) {
      expect(printed).not.toContain(secret);
    }
    expect(printed).not.toMatch(/tok[0-9a-z]{20,}/);
    expect(outcomes.at(-1)).toMatchObject({
      ok: false,
      retryable: false,
      reason: expect.stringContaining('40001'),
    });
  });
});

describe('group robot pictures', () => {
  it('sends a PNG as an image message with its base64 and md5, and refuses other channels', async () => {
    const n = makeNotifier();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const destination = { channel: 'wecom_webhook' as const, webhookKey: WEBHOOK_KEY };
    expect(await n.sendImage({ destination, png })).toEqual({ ok: true, ref: {} });
    const sent = emu.groupMessages(WEBHOOK_KEY).at(-1)!;
    expect(sent.msgtype).toBe('image');
    expect(sent.body.image).toEqual({
      base64: png.toString('base64'),
      md5: createHash('md5').update(png).digest('hex'),
    });
    const app = { channel: 'wecom_app' as const, users: ['lisi'] };
    expect(await n.sendImage({ destination: app, png })).toMatchObject({ ok: false, retryable: false });
  });
});
