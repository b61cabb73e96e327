// Platform answers the emulator does not produce, given by a hand-written fake fetch.
import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDingtalkNotifier } from '../../../../bots/dingtalk/notifier.js';
import { fakeClock } from '../../../../src/lib/clock.js';
import { createLogger } from '../../../../src/lib/logger.js';
import type { Destination, SendOutcome } from '../../../../src/notify/notifier.js';
import { CID, CLIENT_ID, CLIENT_SECRET, HOOK_SECRET, HOOK_TOKEN, TEMPLATE, sampleCard } from './helpers.js';

const clock = fakeClock('2026-11-22T10:00:00Z');
let logLines: string[] = [];
beforeEach(() => {
  logLines = [];
});

function notifier(over: { fetch: typeof fetch }) {
  const sink = new Writable({ write: (chunk, _enc, cb) => (logLines.push(String(chunk)), cb()) });
  const config = {
    apiBase: 'https://api.example.invalid',
    oapiBase: 'https://oapi.example.invalid',
    app: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, robotCode: CLIENT_ID, cardTemplateId: TEMPLATE },
    webhook: { token: HOOK_TOKEN, secret: HOOK_SECRET },
  };
  return createDingtalkNotifier({ config, clock, log: createLogger('debug', sink), fetch: over.fetch });
}

const dest = (channel: Destination['channel']): Destination => ({ channel, conversationId: CID });

describe('dingtalk notifier: classification of answers it cannot get from the emulator', () => {
  const answer =
    (status: number, body: unknown): typeof fetch =>
    async (input) =>
      String(input).includes('/oauth2/')
        ? new Response(JSON.stringify({ accessToken: 'tok-abcdef', expireIn: 7200 }), { status: 200 })
        : new Response(JSON.stringify(body), { status });

  it.each([
    [
      'ApiCountLimitForOrg',
      403,
      { code: 'Forbidden.AccessDenied.ApiCountLimitForOrg' },
      { retryable: true, throttledForMs: 3_600_000 },
    ],
    [
      'QpsLimitForApi',
      403,
      { code: 'Forbidden.AccessDenied.QpsLimitForApi' },
      { retryable: true, throttledForMs: 1_500 },
    ],
    ['send.too.fast', 400, { code: 'send.too.fast' }, { retryable: true, throttledForMs: 600_000 }],
    ['a 504', 504, { code: 'Timeout' }, { retryable: true }],
    [
      'a failed deliverResult',
      200,
      { success: true, result: { deliverResults: [{ success: false, errorMsg: 'robot not in group' }] } },
      { retryable: false, reason: 'dingtalk createAndDeliver: not delivered: robot not in group' },
    ],
    ['param.contentUnsafe', 400, { code: 'param.contentUnsafe' }, { retryable: false }],
    [
      'invalidParameter.robotCode',
      400,
      { code: 'invalidParameter.robotCode.notExist' },
      { retryable: false },
    ],
  ])('classifies %s', async (_name, status, body, expected) => {
    const out = await notifier({ fetch: answer(status, body) }).send({
      destination: dest('dingtalk_card'),
      card: sampleCard(),
      idempotencyKey: 'x1',
    });
    expect(out).toMatchObject({ ok: false, ...expected });
  });

  it.each([
    [660026, { retryable: true, throttledForMs: 600_000 }],
    [400101, { retryable: false }],
    [400102, { retryable: false }],
  ])('classifies webhook errcode %i', async (errcode, expected) => {
    const out = await notifier({ fetch: answer(200, { errcode, errmsg: 'x' }) }).send({
      destination: dest('dingtalk_webhook'),
      card: sampleCard(),
      idempotencyKey: 'x2',
    });
    expect(out).toMatchObject({ ok: false, ...expected });
  });

  it('keeps the token, client secret, webhook token and sign out of every reason and log line', async () => {
    const leaky = (async (input: string | URL | Request) => {
      if (String(input).includes('/oauth2/'))
        return new Response(JSON.stringify({ accessToken: 'tok-abcdef', expireIn: 7200 }));
      // A platform message echoing the request URL and credentials back.
      return new Response(
        JSON.stringify({
          code: 'param.bad',
          errcode: 310000,
          errmsg: `bad ${String(input)} ${CLIENT_SECRET} tok-abcdef`,
          message: `bad ${String(input)} ${CLIENT_SECRET} tok-abcdef`,
        }),
        { status: 400 },
      );
    }) as typeof fetch;
    const n = notifier({ fetch: leaky });
    const outs: SendOutcome[] = [];
    for (const ch of ['dingtalk_card', 'dingtalk_group', 'dingtalk_webhook'] as const) {
      outs.push(await n.send({ destination: dest(ch), card: sampleCard(), idempotencyKey: 'z1' }));
    }
    const text = JSON.stringify(outs) + logLines.join('');
    expect(logLines.length).toBe(3);
    for (const secret of [CLIENT_SECRET, 'tok-abcdef', HOOK_TOKEN, HOOK_SECRET, 'sign='])
      expect(text).not.toContain(secret);
  });
});
