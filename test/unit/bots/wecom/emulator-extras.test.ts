import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WecomEmulator } from '../../../../bots/sandbox/wecom/index.js';
import {
  AGENT_ID,
  buttonCard,
  call,
  startEmulator,
  tokenOf,
  WEBHOOK_KEY,
  type Json,
  type TestClock,
} from './helpers.js';

let emu: WecomEmulator;
let clock: TestClock;

beforeEach(async () => {
  ({ emu, clock } = await startEmulator());
});
afterEach(() => emu.close());

const kfText = (content = '您的包裹已发出', open_kfid = 'wkKF001'): Json => ({
  touser: 'wmEXT1',
  open_kfid,
  msgtype: 'text',
  text: { content },
});

describe('kf/send_msg', () => {
  it('allows five replies after the customer writes, then answers 95001 until they write again', async () => {
    const token = await tokenOf(emu);
    const kf = () => call(emu, '/cgi-bin/kf/send_msg', { access_token: token }, kfText());
    expect(await kf()).toMatchObject({ errcode: 95001 });
    emu.customerWrites('wkKF001', 'wmEXT1');
    for (let i = 0; i < 5; i++) expect(await kf()).toMatchObject({ errcode: 0, msgid: expect.any(String) });
    expect(await kf()).toMatchObject({ errcode: 95001 });
    emu.customerWrites('wkKF001', 'wmEXT1');
    expect(await kf()).toMatchObject({ errcode: 0 });
    expect(emu.kfMessages()).toHaveLength(6);
  });

  it('refuses a reply more than 48 h after the customer wrote', async () => {
    emu.customerWrites('wkKF001', 'wmEXT1');
    clock.advance(48 * 3600_000 + 1);
    const token = await tokenOf(emu);
    expect(await call(emu, '/cgi-bin/kf/send_msg', { access_token: token }, kfText())).toMatchObject({
      errcode: 95001,
    });
  });

  it('refuses an unknown open_kfid', async () => {
    const token = await tokenOf(emu);
    const res = await call(emu, '/cgi-bin/kf/send_msg', { access_token: token }, kfText('x', 'wkNOPE'));
    expect(res).toMatchObject({ errcode: 95000 });
  });
});

describe('AI bot response_url', () => {
  const reply = (url: string, body: Json) =>
    fetch(url, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Json>);
  const md = { msgtype: 'markdown', markdown: { content: '收到' } };

  it('accepts one reply and refuses the second', async () => {
    const url = emu.mintResponseUrl('chat-1');
    expect(url.startsWith(`${emu.url}/cgi-bin/aibot/response?response_code=`)).toBe(true);
    expect(await reply(url, md)).toMatchObject({ errcode: 0 });
    expect(await reply(url, md)).toMatchObject({ errcode: 40035 });
    expect(emu.botMessages('chat-1')).toHaveLength(1);
  });

  it('refuses a reply an hour later, and msgtypes other than markdown or template_card', async () => {
    const url = emu.mintResponseUrl('chat-1');
    expect(await reply(url, { msgtype: 'text', text: { content: 'x' } })).toMatchObject({ errcode: 40008 });
    expect(await reply(url, { msgtype: 'template_card', template_card: buttonCard('bot-1') })).toMatchObject({
      errcode: 0,
    });
    const late = emu.mintResponseUrl('chat-2');
    clock.advance(3600_000);
    expect(await reply(late, md)).toMatchObject({ errcode: 40035 });
  });
});

describe('faults', () => {
  const hook = () =>
    fetch(`${emu.url}/cgi-bin/webhook/send?key=${WEBHOOK_KEY}`, {
      method: 'POST',
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: 'hi' } }),
    });

  it.each([
    ['busy', 200, -1],
    ['throttle', 200, 45009],
  ] as const)('answers %s with HTTP %i and errcode %i, then recovers', async (kind, status, errcode) => {
    emu.fail({ kind, count: 1 });
    const res = await hook();
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ errcode });
    expect(await (await hook()).json()).toMatchObject({ errcode: 0 });
  });

  it('answers http5xx with a 502 HTML page', async () => {
    emu.fail({ kind: 'http5xx', count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await hook();
      expect(res.status).toBe(502);
      expect(await res.text()).toContain('502 Bad Gateway');
    }
    expect((await hook()).status).toBe(200);
  });

  it('destroys the socket on reset and never answers on timeout', async () => {
    emu.fail({ kind: 'reset', count: 1 });
    await expect(hook()).rejects.toThrow();
    emu.fail({ kind: 'timeout', count: 1 });
    const hung = fetch(`${emu.url}/cgi-bin/webhook/send?key=${WEBHOOK_KEY}`, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(100),
    });
    await expect(hung).rejects.toThrow();
    expect(emu.requests('/webhook/send').map((r) => r.status)).toEqual([0, 0]);
  });

  it('leaves gettoken alone unless the plan names it', async () => {
    emu.fail({ kind: 'busy', count: 1 });
    expect(await tokenOf(emu)).toMatch(/^tok/);
    emu.reset();
    emu.fail({ kind: 'busy', count: 1, path: '/gettoken' });
    expect(await call(emu, '/cgi-bin/gettoken', {})).toMatchObject({ errcode: -1 });
  });

  it('faults only paths containing plan.path', async () => {
    emu.fail({ kind: 'busy', count: 1, path: '/message/send' });
    expect(await (await hook()).json()).toMatchObject({ errcode: 0 });
    const token = await tokenOf(emu);
    const body = { touser: 'zhangsan', msgtype: 'text', agentid: AGENT_ID, text: { content: 'x' } };
    expect(await call(emu, '/cgi-bin/message/send', { access_token: token }, body)).toMatchObject({
      errcode: -1,
    });
  });

  it('answers malformed JSON with 40035 like WeCom, not an HTTP 400', async () => {
    const res = await fetch(`${emu.url}/cgi-bin/webhook/send?key=${WEBHOOK_KEY}`, {
      method: 'POST',
      body: '{oops',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      errcode: 40035,
      errmsg: expect.stringContaining('wrong json format'),
    });
  });

  it('forgets messages, cards, faults and windows on reset()', async () => {
    await hook();
    emu.fail({ kind: 'busy', count: 5 });
    emu.reset();
    expect(emu.groupMessages()).toEqual([]);
    expect(emu.requests()).toEqual([]);
    expect(await (await hook()).json()).toMatchObject({ errcode: 0 });
  });
});
