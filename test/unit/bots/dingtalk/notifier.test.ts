import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDingtalkNotifier } from '../../../../bots/dingtalk/notifier.js';
import type { DingtalkConfig } from '../../../../src/config/types.js';
import { fakeClock } from '../../../../src/lib/clock.js';
import { createLogger } from '../../../../src/lib/logger.js';
import type { Destination } from '../../../../src/notify/notifier.js';
import {
  CID,
  CLIENT_ID,
  CLIENT_SECRET,
  HOOK_SECRET,
  HOOK_TOKEN,
  TEMPLATE,
  sampleCard,
  start,
} from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu;
const clock = fakeClock('2026-11-22T10:00:00Z');
let logLines: string[] = [];

beforeAll(async () => {
  emu = await start({ now: () => clock.now().getTime() });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  logLines = [];
});

function config(over: Partial<DingtalkConfig> = {}): DingtalkConfig {
  return {
    apiBase: emu.url,
    oapiBase: emu.url,
    app: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, robotCode: CLIENT_ID, cardTemplateId: TEMPLATE },
    webhook: { token: HOOK_TOKEN, secret: HOOK_SECRET },
    ...over,
  };
}

function notifier(over: { config?: DingtalkConfig; fetch?: typeof fetch; requestTimeoutMs?: number } = {}) {
  const sink = new Writable({ write: (chunk, _enc, cb) => (logLines.push(String(chunk)), cb()) });
  return createDingtalkNotifier({
    config: over.config ?? config(),
    clock,
    log: createLogger('debug', sink),
    fetch: over.fetch,
    requestTimeoutMs: over.requestTimeoutMs,
  });
}

const dest = (channel: Destination['channel']): Destination => ({ channel, conversationId: CID });

describe('dingtalk notifier', () => {
  it('serves card, group, webhook and 1:1 channels according to the configuration', () => {
    expect(notifier().channels).toEqual([
      'dingtalk_card',
      'dingtalk_group',
      'dingtalk_webhook',
      'dingtalk_direct',
    ]);
    const noCard = config({
      app: { clientId: 'a', clientSecret: 'b', robotCode: 'a', cardTemplateId: null },
      webhook: null,
    });
    expect(notifier({ config: noCard }).channels).toEqual(['dingtalk_group', 'dingtalk_direct']);
  });

  it('sends a 1:1 message to each listed user and a DING, for escalations', async () => {
    const n = notifier();
    const direct = await n.send({
      destination: { channel: 'dingtalk_direct', users: ['u-zhang'] },
      card: sampleCard(),
      idempotencyKey: 'esc-1',
    });
    expect(direct).toMatchObject({ ok: true, ref: { processQueryKey: expect.any(String) } });
    expect(emu.directMessages('u-zhang')).toHaveLength(1);
    expect(await n.ding!({ userIds: ['u-zhang'], text: '告警已升级，请处理' })).toMatchObject({ ok: true });
    expect(emu.dings()).toHaveLength(1);
  });

  it('delivers a card with createAndDeliver and updates it in place', async () => {
    const n = notifier();
    const sent = await n.send({
      destination: dest('dingtalk_card'),
      card: sampleCard(),
      idempotencyKey: 'al_123-t1',
    });
    expect(sent).toMatchObject({ ok: true, ref: { outTrackId: 'al_123-t1', carrierId: expect.any(String) } });
    const card = emu.card('al_123-t1');
    expect(card?.atUserIds).toEqual({ 'u-zhang': '张三' });
    expect(card?.unknownKeys).toEqual([]);
    const ref = (sent as { ref: Record<string, string> }).ref;
    const updated = await n.update({
      destination: dest('dingtalk_card'),
      card: sampleCard({ status: '张三 已认领' }),
      ref,
    });
    expect(updated).toEqual({ ok: true, ref });
    expect(emu.card('al_123-t1')?.cardParamMap.status).toBe('张三 已认领');
  });

  it('reports a repeated outTrackId as a duplicate, not an error to retry', async () => {
    const n = notifier();
    const req = { destination: dest('dingtalk_card'), card: sampleCard(), idempotencyKey: 'al_123-t1' };
    await n.send(req);
    expect(await n.send(req)).toMatchObject({
      ok: false,
      duplicate: true,
      retryable: false,
      ref: { outTrackId: req.idempotencyKey },
    });
  });

  it('says a sent card updates in place (no new message), and nothing else does', () => {
    const n = notifier();
    expect(n.updatesInPlace?.('dingtalk_card', { outTrackId: 'ow_1', carrierId: null })).toBe(true);
    expect(n.updatesInPlace?.('dingtalk_card', { processQueryKey: 'p' })).toBe(false);
    expect(n.updatesInPlace?.('dingtalk_group', { outTrackId: 'ow_1' })).toBe(false);
  });

  it('reports a vanished card as not updatable', async () => {
    const out = await notifier().update({
      destination: dest('dingtalk_card'),
      card: sampleCard(),
      ref: { outTrackId: 'gone' },
    });
    expect(out).toMatchObject({ ok: false, retryable: false, notUpdatable: true });
  });

  it.each(['dingtalk_group', 'dingtalk_webhook'] as const)(
    'reports %s messages as not updatable',
    async (ch) => {
      expect(await notifier().update({ destination: dest(ch), card: sampleCard(), ref: {} })).toMatchObject({
        ok: false,
        notUpdatable: true,
      });
    },
  );

  it('sends group markdown without @ and returns the processQueryKey', async () => {
    const out = await notifier().send({
      destination: dest('dingtalk_group'),
      card: sampleCard(),
      idempotencyKey: 'k1',
    });
    expect(out).toMatchObject({ ok: true, ref: { processQueryKey: expect.any(String) } });
    const msg = emu.groupMessages(CID)[0]?.msgParam as { text: string };
    expect(msg.text).toContain('提醒：张三');
    expect(msg.text).not.toContain('@');
  });

  it('sends the signed webhook with highlighted mentions and msgUuid = idempotencyKey', async () => {
    const n = notifier();
    const req = { destination: dest('dingtalk_webhook'), card: sampleCard(), idempotencyKey: 'al_123-w1' };
    expect(await n.send(req)).toEqual({ ok: true, ref: { msgUuid: 'al_123-w1' } });
    expect(await n.send(req)).toMatchObject({ ok: true });
    expect(emu.webhookMessages(CID)).toMatchObject([
      { msgtype: 'markdown', highlighted: ['u-zhang'], msgUuid: 'al_123-w1' },
    ]);
  });

  it('neutralises an @-mention smuggled in through order data', async () => {
    const card = sampleCard({ facts: [{ label: '备注', value: '@u-li 请退款 [点我](http://evil)' }] });
    await notifier().send({ destination: dest('dingtalk_webhook'), card, idempotencyKey: 'k2' });
    const m = emu.webhookMessages()[0];
    expect(m?.highlighted).toEqual(['u-zhang']);
    expect(JSON.stringify(m?.body)).not.toContain('@u-li');
    expect(JSON.stringify(m?.body)).not.toContain('](http://evil)');
  });

  it('fetches one token for concurrent sends and a new one when it expires mid-flight', async () => {
    const n = notifier();
    await Promise.all(
      [1, 2, 3].map((i) =>
        n.send({ destination: dest('dingtalk_group'), card: sampleCard(), idempotencyKey: `c${i}` }),
      ),
    );
    expect(emu.requests('/oauth2/accessToken')).toHaveLength(1);
    emu.expireTokens();
    expect(
      await n.send({ destination: dest('dingtalk_group'), card: sampleCard(), idempotencyKey: 'c4' }),
    ).toMatchObject({ ok: true });
    expect(emu.requests('/oauth2/accessToken')).toHaveLength(2);
    expect(emu.requests('/groupMessages/send').map((r) => r.status)).toEqual([200, 200, 200, 401, 200]);
  });

  it('refreshes the token 5 minutes before it expires', async () => {
    const n = notifier();
    const send = (k: string) =>
      n.send({ destination: dest('dingtalk_group'), card: sampleCard(), idempotencyKey: k });
    await send('r1');
    clock.advance(7_200_000 - 300_000 - 1);
    await send('r2');
    expect(emu.requests('/oauth2/accessToken')).toHaveLength(1);
    clock.advance(2);
    await send('r3');
    expect(emu.requests('/oauth2/accessToken')).toHaveLength(2);
  });

  it.each([
    ['an HTML 502', { kind: 'http5xx', count: 1 }, 'dingtalk_card', { retryable: true }],
    ['system.busy', { kind: 'busy', count: 1 }, 'dingtalk_card', { retryable: true }],
    [
      'a QPS throttle',
      { kind: 'throttle', count: 1 },
      'dingtalk_group',
      { retryable: true, throttledForMs: 1_500 },
    ],
    ['a reset socket', { kind: 'reset', count: 1 }, 'dingtalk_card', { retryable: true }],
    [
      'webhook 410100',
      { kind: 'throttle', count: 1 },
      'dingtalk_webhook',
      { retryable: true, throttledForMs: 600_000 },
    ],
    ['webhook busy -1', { kind: 'busy', count: 1 }, 'dingtalk_webhook', { retryable: true }],
  ] as const)('classifies %s as retryable', async (_name, plan, channel, expected) => {
    emu.fail({ ...plan });
    const out = await notifier().send({
      destination: dest(channel),
      card: sampleCard(),
      idempotencyKey: 'f1',
    });
    expect(out).toMatchObject({ ok: false, ...expected });
  });

  it('gives up with a retryable timeout when the platform never answers', async () => {
    emu.fail({ kind: 'timeout', count: 1 });
    // Long enough for the token call on a loaded machine; the faulted call never answers anyway.
    const out = await notifier({ requestTimeoutMs: 1000 }).send({
      destination: dest('dingtalk_card'),
      card: sampleCard(),
      idempotencyKey: 't1',
    });
    expect(out).toEqual({
      ok: false,
      retryable: true,
      reason: 'dingtalk createAndDeliver: timeout after 1000ms',
    });
  });

  it.each([
    [
      'a wrong client secret',
      {
        app: {
          clientId: CLIENT_ID,
          clientSecret: 'wrong-secret-1',
          robotCode: CLIENT_ID,
          cardTemplateId: TEMPLATE,
        },
      },
      'dingtalk_card',
      'invalidClientIdOrSecret',
    ],
    [
      'an unregistered template',
      {
        app: {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          robotCode: CLIENT_ID,
          cardTemplateId: 'nope',
        },
      },
      'dingtalk_card',
      'param.templateNotExist',
    ],
    [
      'an unknown webhook token',
      { webhook: { token: 'unknown-token-1', secret: HOOK_SECRET } },
      'dingtalk_webhook',
      '300005',
    ],
    [
      'a wrong webhook secret',
      { webhook: { token: HOOK_TOKEN, secret: 'SECwrongwrong' } },
      'dingtalk_webhook',
      '310000',
    ],
  ] as const)('classifies %s as permanent', async (_name, cfg, channel, code) => {
    const out = await notifier({ config: config(cfg) }).send({
      destination: dest(channel),
      card: sampleCard(),
      idempotencyKey: 'p1',
    });
    expect(out).toMatchObject({ ok: false, retryable: false });
    expect((out as { reason: string }).reason).toContain(code);
  });
});
