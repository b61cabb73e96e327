import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../../../../src/actions/types.js';
import { CORP_ID, sampleCard } from '../helpers.js';
import { BOT_AES_KEY, BOT_TOKEN, gate, okReply, startHarness, type Harness } from './harness.js';

let h: Harness;
const CHAT = 'wrkSFfCgAAxyz';
const mention = { chatid: CHAT, userid: 'lisi', text: '认领 TB001' };
const viaUrl = () => h.emu.botMessages(CHAT).filter((m) => m.via === undefined);

describe('AI bot callback', () => {
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('answers URL verification with the decrypted echostr only', async () => {
    const res = await h.emu.verifyBotUrl();
    expect(res.status).toBe(200);
    expect(res.body).toBe(res.echo);
  });

  it('hands a group @mention over as text without the mention, keyed by msgid', async () => {
    const res = await h.emu.mentionBot(mention);
    expect(h.handler.events).toEqual([
      {
        platform: 'wecom',
        kind: 'text',
        eventId: res.msgid,
        text: '认领 TB001',
        actor: { platformUserId: 'lisi', name: null },
        chat: { type: 'group', id: CHAT },
        receivedAt: h.clock.now(),
      },
    ]);
  });

  it('answers a mention with an encrypted, finished stream', async () => {
    const res = await h.emu.mentionBot(mention);
    expect(res.replyError).toBeUndefined();
    expect(res.reply).toEqual({
      msgtype: 'stream',
      stream: { id: expect.any(String), finish: true, content: '已认领 **TB001**' },
    });
    expect(h.emu.botMessages(CHAT)).toEqual([expect.objectContaining({ msgtype: 'stream', via: 'passive' })]);
  });

  it('answers with an interactive card when the reply carries one, and hands its clicks over', async () => {
    h.handler.script = (e) =>
      e.kind === 'text'
        ? okReply({ result: 'info', text: '订单 TB001', card: sampleCard() })
        : okReply({ text: '张三 已认领', card: sampleCard({ status: '张三 已认领', buttons: [] }) });
    const shown = await h.emu.mentionBot({ ...mention, text: '查看 TB001' });
    expect(shown.reply).toMatchObject({
      msgtype: 'stream_with_template_card',
      stream: { finish: true, content: '订单 TB001' },
      template_card: { card_type: 'button_interaction', button_list: expect.any(Array) },
    });
    const card = (shown.reply?.template_card ?? {}) as { task_id: string };
    const clicked = await h.emu.clickBotCard({
      chatid: CHAT,
      userid: 'zhangsan',
      taskId: card.task_id,
      eventKey: 'ow1.claim.al_1',
    });
    expect(h.handler.events[1]).toMatchObject({
      kind: 'button',
      eventId: clicked.msgid,
      buttonKey: 'ow1.claim.al_1',
      card: { taskId: card.task_id },
      chat: { type: 'group', id: CHAT },
      actor: { platformUserId: 'zhangsan', name: null },
    });
    expect(clicked.reply).toMatchObject({
      response_type: 'update_template_card',
      template_card: { task_id: card.task_id, sub_title_text: expect.stringContaining('张三 已认领') },
    });
    await vi.waitFor(() =>
      expect(viaUrl()).toEqual([
        expect.objectContaining({
          msgtype: 'markdown',
          body: { msgtype: 'markdown', markdown: { content: '张三 已认领' } },
        }),
      ]),
    );
  });

  it('answers a click empty when the reply has no card, and posts the text to response_url', async () => {
    const res = await h.emu.clickBotCard({
      chatid: CHAT,
      userid: 'lisi',
      taskId: 'ow-x-1',
      eventKey: 'ow1.claim.x',
    });
    expect(res).toMatchObject({ status: 200, body: '', reply: null });
    await vi.waitFor(() => expect(viaUrl()).toHaveLength(1));
  });

  it('hands a redelivered message over again with the same msgid and answers it', async () => {
    const first = await h.emu.mentionBot(mention);
    const again = await h.emu.postCallback('/wecom/bot', { target: 'bot', ...first.request });
    expect(again.status).toBe(200);
    expect(h.handler.events.map((e) => e.eventId)).toEqual([first.msgid, first.msgid]);
  });

  it('answers an enter_chat event empty without calling the handler', async () => {
    const msg = {
      msgid: 'm1',
      aibotid: 'aib-1',
      chattype: 'single',
      from: { userid: 'lisi' },
      msgtype: 'event',
      event: { eventtype: 'enter_chat' },
    };
    const res = await h.emu.postCallback('/wecom/bot', {
      target: 'bot',
      ...h.emu.sealCallback('bot', JSON.stringify(msg)),
    });
    expect(res).toEqual({ status: 200, body: '' });
    expect(h.handler.events).toHaveLength(0);
  });
});

describe('AI bot callback refusals', () => {
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const msg = JSON.stringify({
    msgid: 'm1',
    chattype: 'group',
    chatid: CHAT,
    from: { userid: 'lisi' },
    msgtype: 'text',
    text: { content: '@订单守望 帮助' },
  });
  type Forge = (h: Harness) => { query?: Record<string, string>; body?: string };
  it.each<[string, Forge, number]>([
    [
      'a forged signature',
      (h) => {
        const req = h.emu.sealCallback('bot', msg);
        return { ...req, query: { ...req.query, msg_signature: '0'.repeat(40) } };
      },
      401,
    ],
    [
      'a stale timestamp',
      (h) => h.emu.sealCallback('bot', msg, { timestamp: Math.floor(h.clock.now().getTime() / 1000) - 3600 }),
      403,
    ],
    ['the corpId as receiveid', (h) => h.emu.sealCallback('bot', msg, { receiveId: CORP_ID }), 401],
    ['malformed JSON', (h) => ({ ...h.emu.sealCallback('bot', msg), body: '{"encrypt":' }), 400],
    ['a body without encrypt', (h) => ({ ...h.emu.sealCallback('bot', msg), body: '{"msg":"x"}' }), 400],
    ['malformed decrypted JSON', (h) => h.emu.sealCallback('bot', '{msgid'), 400],
    [
      'an oversized body',
      (h) => ({ ...h.emu.sealCallback('bot', msg), body: JSON.stringify({ encrypt: 'A'.repeat(70_000) }) }),
      413,
    ],
  ])('refuses %s without calling the handler', async (_name, forge, status) => {
    const res = await h.emu.postCallback('/wecom/bot', { target: 'bot', ...forge(h) });
    expect(res).toEqual({ status, body: '' });
    expect(h.handler.events).toHaveLength(0);
  });

  it('never logs the bot token, its key or decrypted content', async () => {
    await h.emu.mentionBot({ chatid: CHAT, userid: 'lisi', text: '查看 机密订单' });
    await h.emu.postCallback('/wecom/bot', {
      target: 'bot',
      body: '{}',
      query: { msg_signature: 'x', timestamp: '1', nonce: '2' },
    });
    await h.app.close();
    for (const secret of [BOT_TOKEN, BOT_AES_KEY, '机密订单', 'response_code'])
      expect(h.logs()).not.toContain(secret);
  });
});

describe('AI bot callback with a slow handler', () => {
  afterEach(() => h.close());

  it('answers a mention empty in time and posts markdown to response_url later', async () => {
    const slow = gate<Reply>();
    h = await startHarness({ deadlineMs: 20, script: () => slow.promise });
    const res = await h.emu.mentionBot(mention);
    expect(res).toMatchObject({ status: 200, body: '', reply: null });
    slow.open(okReply({ text: '已认领 TB001' }));
    await vi.waitFor(() =>
      expect(viaUrl().map((m) => m.body)).toEqual([
        { msgtype: 'markdown', markdown: { content: '已认领 TB001' } },
      ]),
    );
  });

  it('posts the card to response_url when a late reply carries one', async () => {
    const slow = gate<Reply>();
    h = await startHarness({ deadlineMs: 20, script: () => slow.promise });
    await h.emu.mentionBot({ ...mention, text: '查看 TB001' });
    slow.open(okReply({ result: 'info', text: '订单 TB001', card: sampleCard() }));
    await vi.waitFor(() => expect(viaUrl().map((m) => m.msgtype)).toEqual(['template_card']));
  });
});
