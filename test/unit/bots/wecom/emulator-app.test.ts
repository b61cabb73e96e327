import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WecomEmulator } from '../../../../bots/sandbox/wecom/index.js';
import {
  AGENT_ID,
  buttonCard,
  call,
  cardMessage,
  CORP_ID,
  CORP_SECRET,
  startEmulator,
  tokenOf,
  type Json,
  type TestClock,
} from './helpers.js';

let emu: WecomEmulator;
let clock: TestClock;
let token: string;

beforeEach(async () => {
  ({ emu, clock } = await startEmulator());
  token = await tokenOf(emu);
});
afterEach(() => emu.close());

const send = (body: unknown, accessToken = token) =>
  call(emu, '/cgi-bin/message/send', { access_token: accessToken }, body);
const update = (body: unknown) =>
  call(emu, '/cgi-bin/message/update_template_card', { access_token: token }, body);
const text = (content: string, touser = 'zhangsan'): Json => ({
  touser,
  msgtype: 'text',
  agentid: AGENT_ID,
  text: { content },
});

describe('gettoken', () => {
  it.each([
    ['a wrong corpid', { corpid: 'nope', corpsecret: CORP_SECRET }, 40013],
    ['a wrong secret', { corpid: CORP_ID, corpsecret: 'nope' }, 40001],
  ])('answers HTTP 200 with errcode %s → %i', async (_name, query, errcode) => {
    expect(await call(emu, '/cgi-bin/gettoken', query)).toMatchObject({ errcode });
  });

  it('issues a token valid for 7200 s of the injected clock', async () => {
    const res = await call(emu, '/cgi-bin/gettoken', { corpid: CORP_ID, corpsecret: CORP_SECRET });
    expect(res).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    clock.advance(7199_000);
    expect(await send(text('hi'), String(res.access_token))).toMatchObject({ errcode: 0 });
    clock.advance(1000);
    expect(await send(text('hi'), String(res.access_token))).toMatchObject({ errcode: 42001 });
  });

  it.each([
    ['missing', '', 41001],
    ['unknown', 'forged-token', 40014],
  ])('rejects a %s access_token with %i', async (_name, accessToken, errcode) => {
    expect(await send(text('hi'), accessToken)).toMatchObject({ errcode });
  });

  it('answers 42001 for every issued token after expireTokens()', async () => {
    emu.expireTokens();
    expect(await send(text('hi'))).toMatchObject({ errcode: 42001 });
    expect(await send(text('hi'), await tokenOf(emu))).toMatchObject({ errcode: 0 });
  });

  it('never records the access_token or secret in plain text', async () => {
    await send(text('hi'));
    const printed = JSON.stringify(emu.requests());
    expect(printed).not.toContain(token);
    expect(printed).not.toContain(CORP_SECRET);
  });
});

describe('message/send validation', () => {
  const long = (bytes: number) => '字'.repeat(Math.ceil(bytes / 3));
  it.each<[string, Json, number]>([
    ['a wrong agentid', { ...text('hi'), agentid: 999 }, 40056],
    ['no agentid', { touser: 'zhangsan', msgtype: 'text', text: { content: 'hi' } }, 41011],
    ['an unknown msgtype', { ...text('hi'), msgtype: 'sticker' }, 40008],
    ['empty text', text(''), 44004],
    ['text over 2048 bytes', text(long(2049)), 45002],
    [
      'markdown over 2048 bytes',
      { ...text(''), msgtype: 'markdown', markdown: { content: long(2050) } },
      45002,
    ],
    ['only unknown users', text('hi', 'ghost|nobody'), 81013],
    ['an unknown card_type', cardMessage({ ...buttonCard('t1'), card_type: 'fancy' }), 40035],
    ['a button card without task_id', cardMessage(buttonCard('')), 42014],
    ['a task_id over 128 bytes', cardMessage(buttonCard('t'.repeat(129))), 42014],
    ['a task_id with a bad character', cardMessage(buttonCard('order#1')), 40035],
    ['no button', cardMessage(buttonCard('t1', { button_list: [] })), 40035],
    ['7 buttons', cardMessage(buttonCard('t1', { button_list: sevenButtons() })), 40035],
    ['a callback button without key', cardMessage(buttonCard('t1', { button_list: [{ text: 'x' }] })), 40035],
    [
      'a key over 1024 bytes',
      cardMessage(buttonCard('t1', { button_list: [{ text: 'x', key: 'k'.repeat(1025) }] })),
      40035,
    ],
    ['repeated keys', cardMessage(buttonCard('t1', { button_list: [btn('k'), btn('k')] })), 40035],
    ['a style of 5', cardMessage(buttonCard('t1', { button_list: [{ ...btn('k'), style: 5 }] })), 40035],
    ['no title nor sub_title_text', cardMessage(buttonCard('t1', { main_title: {} })), 40035],
    ['7 horizontal items', cardMessage(buttonCard('t1', { horizontal_content_list: items(7) })), 40035],
    ['4 jump links', cardMessage(buttonCard('t1', { jump_list: items(4) })), 40035],
    [
      'a text_notice without card_action',
      cardMessage({ card_type: 'text_notice', main_title: { title: 'x' } }),
      40035,
    ],
    [
      'a vote card without checkbox',
      cardMessage({ ...buttonCard('t1'), card_type: 'vote_interaction' }),
      40035,
    ],
  ])('rejects %s with its real errcode', async (_name, body, errcode) => {
    expect(await send(body)).toMatchObject({ errcode });
  });

  it('delivers to known users and lists the unknown ones in invaliduser', async () => {
    const res = await send(text('hi', 'zhangsan|ghost'));
    expect(res).toMatchObject({ errcode: 0, errmsg: 'ok', invaliduser: 'ghost' });
    expect(res).not.toHaveProperty('response_code');
    expect(emu.appMessages().map((m) => m.userid)).toEqual(['zhangsan']);
  });

  it('returns a response_code for a button card and refuses its task_id a second time with 42014', async () => {
    const first = await send(cardMessage(buttonCard('order-A1024')));
    expect(first).toMatchObject({ errcode: 0, response_code: expect.any(String) });
    expect(await send(cardMessage(buttonCard('order-A1024')))).toMatchObject({ errcode: 42014 });
    expect(Object.keys(emu.card('order-A1024')?.recipients ?? {})).toEqual(['zhangsan', 'lisi']);
  });

  it('silently drops messages past 30 a minute for a member, and delivers again a minute later', async () => {
    for (let i = 0; i < 31; i++) expect(await send(text(`m${i}`))).toMatchObject({ errcode: 0 });
    expect(emu.dropped()).toEqual([expect.objectContaining({ userid: 'zhangsan', reason: 'member 30/min' })]);
    expect(emu.appMessages('zhangsan')).toHaveLength(30);
    clock.advance(60_000);
    await send(text('later'));
    expect(emu.appMessages('zhangsan')).toHaveLength(31);
  });

  it('silently drops messages past 1000 an hour for a member', async () => {
    for (let i = 0; i < 1001; i++) {
      if (i % 30 === 0) clock.advance(61_000);
      await send(text(`m${i}`, 'lisi'));
    }
    expect(emu.dropped()).toEqual([expect.objectContaining({ userid: 'lisi', reason: 'member 1000/h' })]);
  });
});

describe('message/update_template_card', () => {
  async function sentCard(taskId = 'order-A1') {
    const res = await send(cardMessage(buttonCard(taskId), 'zhangsan|lisi|wangwu'));
    return String(res.response_code);
  }
  const replaced = (code: string, extra: Json = {}) => ({
    atall: 1,
    agentid: AGENT_ID,
    response_code: code,
    template_card: buttonCard('order-A1', { main_title: { title: '已认领' } }),
    ...extra,
  });

  it('replaces the card for every recipient with atall and keeps the history', async () => {
    const code = await sentCard();
    expect(await update(replaced(code))).toMatchObject({ errcode: 0 });
    const view = emu.card('order-A1');
    expect(Object.values(view?.recipients ?? {}).map((r) => (r.card.main_title as Json).title)).toEqual([
      '已认领',
      '已认领',
      '已认领',
    ]);
    expect(view?.history.map((h) => h.kind)).toEqual(['send', 'update']);
  });

  it('greys out the buttons only for the listed users', async () => {
    const code = await sentCard();
    const body = {
      userids: ['lisi'],
      agentid: AGENT_ID,
      response_code: code,
      button: { replace_name: '已处理' },
    };
    expect(await update(body)).toMatchObject({ errcode: 0 });
    const view = emu.card('order-A1');
    expect(view?.recipients.lisi?.replacedButton).toBe('已处理');
    expect(view?.recipients.zhangsan?.replacedButton).toBeNull();
  });

  it('accepts a response_code once only', async () => {
    const code = await sentCard();
    expect(await update(replaced(code))).toMatchObject({ errcode: 0 });
    expect(await update(replaced(code))).toMatchObject({ errcode: 40035 });
  });

  it('refuses a response_code 72 h old', async () => {
    const code = await sentCard();
    clock.advance(72 * 3600_000);
    emu.expireTokens();
    token = await tokenOf(emu);
    expect(await update(replaced(code))).toMatchObject({ errcode: 40035 });
  });

  it('keeps the code usable after a rejected payload', async () => {
    const code = await sentCard();
    expect(await update(replaced(code, { template_card: { card_type: 'fancy' } }))).toMatchObject({
      errcode: 40035,
    });
    expect(await update(replaced(code))).toMatchObject({ errcode: 0 });
  });

  it('accepts the fresh code a click callback carries', async () => {
    await sentCard();
    const clickCode = emu.issueResponseCode('order-A1');
    expect(await update(replaced(clickCode))).toMatchObject({ errcode: 0 });
  });
});

function btn(key: string): Json {
  return { text: key, key };
}
function sevenButtons(): Json[] {
  return Array.from({ length: 7 }, (_, i) => btn(`k${i}`));
}
function items(n: number): Json[] {
  return Array.from({ length: n }, (_, i) => ({
    keyname: `k${i}`,
    value: 'v',
    title: 't',
    type: 1,
    url: 'https://x',
  }));
}
