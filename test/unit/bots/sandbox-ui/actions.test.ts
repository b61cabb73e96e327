import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CID } from '../dingtalk/helpers.js';
import { dingtalkCard, startAll, wecomAppCard, type All } from './helpers.js';

let all: All;
/** A stand-in for the app: answers WeCom's callbacks with an empty success, remembering each one. */
let fakeApp: FastifyInstance;
const received: { path: string; query: Record<string, string>; body: string }[] = [];
const KEY = 'a'.repeat(43);

beforeAll(async () => {
  all = await startAll();
  fakeApp = Fastify({ logger: false });
  fakeApp.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  fakeApp.post('/wecom/*', async (req) => {
    received.push({ path: req.url.split('?')[0] ?? '', query: req.query as never, body: String(req.body) });
    return '';
  });
  await fakeApp.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(fakeApp.server.address() as { port: number }).port}`;
  all.wecom.configureCallbacks({
    callback: { url: `${url}/wecom/callback`, token: 'cbtoken', aesKey: KEY },
    bot: { url: `${url}/wecom/bot`, token: 'bottoken', aesKey: KEY, botId: 'aibtest', name: '订单守望' },
  });
});
afterAll(async () => {
  await all.stop();
  await fakeApp.close();
});
beforeEach(() => {
  all.wecom.reset();
  all.dingtalk.reset();
  received.length = 0;
});

const post = (url: string, payload: Record<string, unknown>) =>
  all.app.inject({ method: 'POST', url, payload });

describe('POST /sandbox/click', () => {
  it('sends the encrypted WeCom click callback as that person when a WeCom card button is clicked', async () => {
    await wecomAppCard(all, 'task-click-1');
    const res = await post('/sandbox/click', {
      platform: 'wecom',
      as: 'ls',
      taskId: 'task-click-1',
      key: 'ow1.claim.a1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, result: { status: 200, responseCode: expect.any(String) } });
    expect(received).toMatchObject([
      { path: '/wecom/callback', query: { msg_signature: expect.any(String) } },
    ]);
    expect(received[0]?.body).toContain('<Encrypt>');
    expect(received[0]?.body).not.toContain('ow1.claim.a1');
    expect(all.wecom.callbacks()).toMatchObject([{ target: 'callback', kind: 'click', status: 200 }]);
  });

  it('pushes a DingTalk card callback with the params decoded from the key when a DingTalk button is clicked', async () => {
    await dingtalkCard(all, 'al_5-r1', '超时');
    const res = await post('/sandbox/click', {
      platform: 'dingtalk',
      as: 'zs',
      outTrackId: 'al_5-r1',
      key: 'ow1.claim.al_123',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, result: { acked: false } });
    expect(all.dingtalk.card('al_5-r1')?.clicks).toMatchObject([
      {
        userId: 'u-zhang',
        actionIds: ['claim'],
        params: { action: 'claim', alertId: 'al_123', key: 'ow1.claim.al_123' },
      },
    ]);
  });

  it('answers 409 with the emulator refusal when the button is not on the card', async () => {
    await wecomAppCard(all, 'task-click-2');
    const res = await post('/sandbox/click', {
      platform: 'wecom',
      as: 'ls',
      taskId: 'task-click-2',
      key: 'ow1.nope.a1',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('no button');
    expect(received).toHaveLength(0);
  });

  it('answers 400 when the person is unknown or the body is malformed', async () => {
    const unknown = await post('/sandbox/click', {
      platform: 'wecom',
      as: 'nobody',
      taskId: 't',
      key: 'ow1.a.b',
    });
    expect(unknown.statusCode).toBe(400);
    expect((await post('/sandbox/click', { platform: 'fax', as: 'zs' })).statusCode).toBe(400);
  });
});

describe('POST /sandbox/say', () => {
  it('@-mentions the bot in the team WeCom group as that person when the platform is wecom', async () => {
    const res = await post('/sandbox/say', { platform: 'wecom', as: 'zs', text: '@订单守望 查订单 A1' });
    expect(res.statusCode).toBe(200);
    expect(received).toMatchObject([{ path: '/wecom/bot' }]);
    expect(all.wecom.callbacks()).toMatchObject([{ target: 'bot', kind: 'mention' }]);
  });

  it('types into the 1:1 app chat when wecom is asked to go to the app', async () => {
    const res = await post('/sandbox/say', { platform: 'wecom', as: 'ls', text: '帮助', to: 'app' });
    expect(res.statusCode).toBe(200);
    expect(all.wecom.callbacks()).toMatchObject([{ target: 'callback', kind: 'text' }]);
  });

  it('pushes a robot Stream frame as that person when the platform is dingtalk', async () => {
    const res = await post('/sandbox/say', { platform: 'dingtalk', as: 'ls', text: '@订单守望 认领 al_1' });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.data).toMatchObject({
      conversationId: CID,
      senderStaffId: 'u-li',
      senderNick: '李四',
      text: { content: ' 认领 al_1' },
    });
  });
});
