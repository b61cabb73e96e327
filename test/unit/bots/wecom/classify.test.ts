import { describe, expect, it } from 'vitest';
import { createWecomNotifier } from '../../../../bots/wecom/notifier.js';
import { fakeClock } from '../../../../src/lib/clock.js';
import { createLogger } from '../../../../src/lib/logger.js';
import type { SendRequest } from '../../../../src/notify/notifier.js';
import { AGENT_ID, CORP_ID, CORP_SECRET, sampleCard, WEBHOOK_KEY } from './helpers.js';

type Canned = { status?: number; body: string } | Error;

/** A hand-written fetch: gettoken always succeeds, every other call gets the next canned answer. */
function fakeFetch(answers: Canned[]): typeof fetch & { urls: string[] } {
  const urls: string[] = [];
  const fn = async (input: string | URL | Request) => {
    const url = String(input);
    urls.push(url);
    if (url.includes('/gettoken')) {
      return new Response(
        JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'TOKEN-SECRET-abc', expires_in: 7200 }),
      );
    }
    const next = answers.shift() ?? { body: '{"errcode":0,"errmsg":"ok"}' };
    if (next instanceof Error) throw next;
    return new Response(next.body, { status: next.status ?? 200 });
  };
  return Object.assign(fn as typeof fetch, { urls });
}

function notifierWith(fetch: typeof globalThis.fetch) {
  return createWecomNotifier({
    config: {
      apiBase: 'https://qyapi.example.test',
      app: { corpId: CORP_ID, agentId: AGENT_ID, secret: CORP_SECRET },
      callback: null,
      bot: null,
      webhookKey: null,
    },
    clock: fakeClock('2026-11-22T10:00:00Z'),
    log: createLogger('silent'),
    fetch,
  });
}

const err = (errcode: number, errmsg = 'x') => ({ body: JSON.stringify({ errcode, errmsg }) });
const hook: SendRequest = {
  destination: { channel: 'wecom_webhook', webhookKey: WEBHOOK_KEY },
  card: sampleCard(),
  idempotencyKey: 'dlv-1',
};
const app: SendRequest = {
  destination: { channel: 'wecom_app', users: ['zhangsan'] },
  card: sampleCard(),
  idempotencyKey: 'dlv-1',
};

describe('outcome classification', () => {
  it.each<[string, boolean, Canned]>([
    ['errcode -1 (busy)', true, err(-1)],
    ['errcode 45009 (frequency)', true, err(45009, 'api freq out of limit')],
    ['errcode 45033 (concurrency)', true, err(45033)],
    ['HTTP 502 with HTML', true, { status: 502, body: '<html>502 Bad Gateway</html>' }],
    ['HTTP 503 with JSON', true, { status: 503, body: '{"errcode":0}' }],
    ['HTTP 200 with HTML', true, { body: '<html>oops</html>' }],
    ['a refused connection', true, new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })],
    ['errcode 93000 (bad key)', false, err(93000, 'invalid webhook url')],
    ['errcode 40008 (msgtype)', false, err(40008)],
    ['errcode 40035 (param)', false, err(40035)],
    ['errcode 44004 (empty)', false, err(44004)],
    ['errcode 45002 (too large)', false, err(45002)],
    ['errcode 81013 (no valid user)', false, err(81013)],
    ['errcode 40003 (userid)', false, err(40003)],
    ['errcode 48002 (no permission)', false, err(48002)],
    ['errcode 60020 (IP not trusted)', false, err(60020)],
    ['HTTP 404', false, { status: 404, body: 'not found' }],
  ])('treats %s as retryable=%s', async (_name, retryable, answer) => {
    const outcome = await notifierWith(fakeFetch([answer])).send(hook);
    expect(outcome).toMatchObject({ ok: false, retryable });
    expect(outcome.ok || outcome.reason).toMatch(/^wecom \/cgi-bin\/webhook\/send: /);
  });

  it('holds sends 60 s on 45009 only', async () => {
    expect(await notifierWith(fakeFetch([err(45009)])).send(hook)).toMatchObject({ throttledForMs: 60_000 });
    expect(await notifierWith(fakeFetch([err(-1)])).send(hook)).not.toHaveProperty('throttledForMs');
  });

  it.each([40001, 40013])('fails permanently when gettoken answers %i', async (errcode) => {
    const fetch = (async () =>
      new Response(JSON.stringify({ errcode, errmsg: 'bad' }))) as typeof globalThis.fetch;
    const outcome = await notifierWith(fetch).send(app);
    expect(outcome).toMatchObject({
      ok: false,
      retryable: false,
      reason: expect.stringContaining(`gettoken: errcode ${errcode}`),
    });
  });

  it('retries once with a fresh token on 40014, then reports a second rejection as retryable', async () => {
    const fetch = fakeFetch([err(40014), err(40014)]);
    expect(await notifierWith(fetch).send(app)).toMatchObject({ ok: false, retryable: true });
    expect(fetch.urls.filter((u) => u.includes('/gettoken'))).toHaveLength(2);
    expect(fetch.urls.filter((u) => u.includes('/message/send'))).toHaveLength(2);
  });

  it('strips query strings and secrets from a reason even when the error text quotes them', async () => {
    const quoted = new TypeError(`bad url https://x/cgi-bin/webhook/send?key=${WEBHOOK_KEY}`);
    const fetch = fakeFetch([
      err(0),
      err(-1, `busy ${WEBHOOK_KEY} TOKEN-SECRET-abc ${CORP_SECRET}, hint: [x]`),
      quoted,
    ]);
    const notifier = notifierWith(fetch);
    await notifier.send(hook); // the robot key is now known to the notifier
    const outcomes = [await notifier.send(app), await notifier.send(hook)];
    expect(outcomes).toMatchObject([{ reason: expect.stringContaining('busy *** ***') }, { ok: false }]);
    expect(JSON.stringify(outcomes)).not.toMatch(new RegExp(`${WEBHOOK_KEY}|TOKEN-SECRET|${CORP_SECRET}`));
  });
});
