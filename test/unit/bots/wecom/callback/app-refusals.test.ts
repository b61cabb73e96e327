import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CORP_SECRET } from '../helpers.js';
import { AES_KEY, startHarness, TOKEN, type Harness } from './harness.js';

let h: Harness;

describe('app callback refusals', () => {
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const text =
    '<xml><FromUserName><![CDATA[lisi]]></FromUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[帮助]]></Content><MsgId>42</MsgId></xml>';

  type Forge = (h: Harness) => { query?: Record<string, string>; body?: string; method?: 'GET' | 'POST' };
  it.each<[string, Forge, number]>([
    [
      'a forged signature',
      (h) => {
        const req = h.emu.sealCallback('callback', text);
        return { ...req, query: { ...req.query, msg_signature: 'f'.repeat(40) } };
      },
      401,
    ],
    ['no signature at all', (h) => ({ body: h.emu.sealCallback('callback', text).body }), 401],
    [
      'a timestamp 11 minutes old',
      (h) =>
        h.emu.sealCallback('callback', text, { timestamp: Math.floor(h.clock.now().getTime() / 1000) - 660 }),
      403,
    ],
    [
      'a timestamp 11 minutes ahead',
      (h) =>
        h.emu.sealCallback('callback', text, { timestamp: Math.floor(h.clock.now().getTime() / 1000) + 660 }),
      403,
    ],
    ['another corp as receiveid', (h) => h.emu.sealCallback('callback', text, { receiveId: 'wwOTHER' }), 401],
    [
      'malformed outer XML',
      (h) => ({ ...h.emu.sealCallback('callback', text), body: '<xml><Encrypt>abc</xml>' }),
      400,
    ],
    [
      'an outer XML without Encrypt',
      (h) => ({ ...h.emu.sealCallback('callback', text), body: '<xml><A>1</A></xml>' }),
      400,
    ],
    [
      'a DOCTYPE in the body',
      (h) => ({ ...h.emu.sealCallback('callback', text), body: '<!DOCTYPE x><xml/>' }),
      400,
    ],
    ['malformed inner XML', (h) => h.emu.sealCallback('callback', '<xml><MsgType>text'), 400],
    [
      'an oversized body',
      (h) => ({
        ...h.emu.sealCallback('callback', text),
        body: `<xml><Pad>${'x'.repeat(70_000)}</Pad></xml>`,
      }),
      413,
    ],
    [
      'a GET with a forged echostr signature',
      () => ({
        method: 'GET',
        query: { msg_signature: 'a'.repeat(40), timestamp: '1', nonce: '2', echostr: 'abc' },
      }),
      401,
    ],
  ])('refuses %s without calling the handler', async (_name, forge, status) => {
    const res = await h.emu.postCallback('/wecom/callback', forge(h));
    expect(res.status).toBe(status);
    expect(res.body).toBe('');
    expect(h.handler.events).toHaveLength(0);
  });

  it('never logs the token, the key, the corp secret or decrypted content', async () => {
    await h.emu.sendText({ userid: 'lisi', content: '认领 TB20261122001 机密内容' });
    await h.emu.postCallback('/wecom/callback', {
      ...h.emu.sealCallback('callback', text),
      query: { msg_signature: 'x', timestamp: '1', nonce: '1' },
    });
    await h.app.close();
    const logs = h.logs();
    expect(logs).toContain('wecom callback refused');
    for (const secret of [TOKEN, AES_KEY, CORP_SECRET, '机密内容', 'TB20261122001', '已认领'])
      expect(logs).not.toContain(secret);
  });
});
