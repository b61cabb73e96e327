import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../../../../src/actions/types.js';
import { buttonCard, call, cardMessage, CORP_ID, tokenOf } from '../helpers.js';
import { gate, okReply, startHarness, type Harness } from './harness.js';

let h: Harness;

async function sendCard(taskId = 'task-1', touser = 'zhangsan|lisi') {
  const res = await call(
    h.emu,
    '/cgi-bin/message/send',
    { access_token: await tokenOf(h.emu) },
    cardMessage(buttonCard(taskId), touser),
  );
  expect(res).toMatchObject({ errcode: 0 });
}

const click = { taskId: 'task-1', userid: 'lisi', eventKey: 'ow1.claim.a1' };
const appTexts = (userid: string) =>
  h.emu
    .appMessages(userid)
    .filter((m) => m.msgtype === 'text')
    .map((m) => ({ via: m.via, body: m.body }));

describe('app callback', () => {
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('answers URL verification with the decrypted echostr only', async () => {
    const res = await h.emu.verifyCallbackUrl();
    expect(res).toMatchObject({ status: 200 });
    expect(res.body).toBe(res.echo);
    expect(h.handler.events).toHaveLength(0);
  });

  it('hands a card click over as a button event with the fresh response_code', async () => {
    await sendCard();
    const res = await h.emu.clickCard(click);
    expect(res.status).toBe(200);
    const createTime = String(Math.floor(h.clock.now().getTime() / 1000));
    expect(h.handler.events).toEqual([
      {
        platform: 'wecom',
        kind: 'button',
        eventId: `lisi|${createTime}|ow1.claim.a1|task-1`,
        buttonKey: 'ow1.claim.a1',
        actor: { platformUserId: 'lisi', name: null },
        chat: { type: 'single', id: null },
        card: { taskId: 'task-1', responseCode: res.responseCode },
        receivedAt: h.clock.now(),
      },
    ]);
  });

  it('greys out the clicked button with a passive update_button and sends the text 1:1 afterwards', async () => {
    await sendCard();
    const res = await h.emu.clickCard(click);
    expect(res.replyError).toBeUndefined();
    const now = Math.floor(h.clock.now().getTime() / 1000);
    expect(res.reply).toBe(
      `<xml><ToUserName><![CDATA[lisi]]></ToUserName><FromUserName><![CDATA[${CORP_ID}]]></FromUserName>` +
        `<CreateTime>${now}</CreateTime><MsgType><![CDATA[update_button]]></MsgType>` +
        '<Button><ReplaceName><![CDATA[已认领]]></ReplaceName></Button></xml>',
    );
    expect(h.emu.card('task-1')?.recipients.lisi?.replacedButton).toBe('已认领');
    expect(h.emu.card('task-1')?.recipients.zhangsan?.replacedButton).toBeNull();
    await vi.waitFor(() =>
      expect(appTexts('lisi')).toEqual([
        { via: undefined, body: expect.objectContaining({ text: { content: '已认领 TB001' } }) },
      ]),
    );
  });

  it('answers a click empty when the reply has no button label', async () => {
    h.handler.script = () => okReply({ result: 'denied', text: '你没有权限' });
    await sendCard();
    const res = await h.emu.clickCard(click);
    expect(res).toMatchObject({ status: 200, body: '', reply: null });
    await vi.waitFor(() => expect(appTexts('lisi')).toHaveLength(1));
  });

  it('hands a typed text over and answers it with an encrypted passive text', async () => {
    const res = await h.emu.sendText({ userid: 'zhangsan', content: '认领 TB001' });
    expect(h.handler.events).toEqual([
      expect.objectContaining({
        kind: 'text',
        text: '认领 TB001',
        eventId: res.msgId,
        chat: { type: 'single', id: null },
      }),
    ]);
    expect(res.replyError).toBeUndefined();
    expect(res.reply).toContain(
      '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[已认领 TB001]]></Content>',
    );
    expect(appTexts('zhangsan')).toEqual([
      { via: 'passive', body: { msgtype: 'text', text: { content: '已认领 TB001' } } },
    ]);
  });

  it('answers an image message empty without calling the handler', async () => {
    const xml =
      '<xml><FromUserName><![CDATA[lisi]]></FromUserName><MsgType><![CDATA[image]]></MsgType><MsgId>1</MsgId></xml>';
    const res = await h.emu.postCallback('/wecom/callback', h.emu.sealCallback('callback', xml));
    expect(res).toEqual({ status: 200, body: '' });
    expect(h.handler.events).toHaveLength(0);
  });

  it('hands a replayed click over again with the same eventId and answers it the same', async () => {
    await sendCard();
    const first = await h.emu.clickCard(click);
    const again = await h.emu.postCallback('/wecom/callback', first.request);
    expect(again.status).toBe(200);
    expect(h.handler.events.map((e) => e.eventId)).toEqual([
      h.handler.events[0]?.eventId,
      h.handler.events[0]?.eventId,
    ]);
    expect(again.body).toContain('<Encrypt>');
  });

  it('sends no second 1:1 text when the handler says the event is a duplicate', async () => {
    h.handler.script = () => okReply({ buttonText: '已认领', duplicate: true });
    await sendCard();
    const res = await h.emu.clickCard(click);
    expect(res.reply).toContain('update_button');
    await h.app.close(); // waits for follow-ups
    expect(appTexts('lisi')).toEqual([]);
  });

  it('answers 500 without detail when the handler throws in time', async () => {
    h.handler.script = () => Promise.reject(new Error('db down: secret detail'));
    const res = await h.emu.sendText({ userid: 'lisi', content: '帮助' });
    expect(res).toMatchObject({ status: 500, body: '' });
    expect(h.logs()).not.toContain('secret detail');
  });
});

describe('app callback with a slow handler', () => {
  afterEach(() => h.close());

  it('answers a click empty in time and sends the answer 1:1 when the handler finishes', async () => {
    const slow = gate<Reply>();
    h = await startHarness({ deadlineMs: 20, script: () => slow.promise });
    await sendCard();
    const res = await h.emu.clickCard(click);
    expect(res).toMatchObject({ status: 200, body: '', reply: null });
    expect(appTexts('lisi')).toEqual([]);
    slow.open(okReply({ buttonText: '已认领', text: '已认领（稍后）' }));
    await vi.waitFor(() =>
      expect(appTexts('lisi')).toEqual([
        { via: undefined, body: expect.objectContaining({ text: { content: '已认领（稍后）' } }) },
      ]),
    );
  });

  it('answers a typed text empty in time and sends the answer through message/send later', async () => {
    const slow = gate<Reply>();
    h = await startHarness({ deadlineMs: 20, script: () => slow.promise });
    const res = await h.emu.sendText({ userid: 'wangwu', content: '查看 TB001' });
    expect(res).toMatchObject({ status: 200, body: '', reply: null });
    slow.open(okReply({ result: 'info', text: '订单 TB001：待拣货' }));
    await vi.waitFor(() =>
      expect(appTexts('wangwu')).toEqual([
        { via: undefined, body: expect.objectContaining({ text: { content: '订单 TB001：待拣货' } }) },
      ]),
    );
  });
});
