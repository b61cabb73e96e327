import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../../bots/dingtalk/stream/backoff.js';
import { cardCallbackEvent, robotMessageEvent } from '../../../../../bots/dingtalk/stream/normalise.js';
import { replyMarkdown, shortStatus } from '../../../../../bots/dingtalk/stream/reply-text.js';

const at = new Date('2026-11-22T10:00:00Z');
const robot = {
  conversationId: 'cid1',
  conversationType: '1',
  senderStaffId: 'u1',
  senderNick: '王五',
  msgId: 'msgA',
  msgtype: 'text',
  text: { content: '  show TB1 ' },
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s',
  sessionWebhookExpiredTime: 123,
};

describe('dingtalk normalisation', () => {
  it('maps a 1:1 robot text message, trimmed, with where to answer', () => {
    expect(robotMessageEvent(robot, at)).toEqual({
      event: {
        platform: 'dingtalk',
        eventId: 'msgA',
        actor: { platformUserId: 'u1', name: '王五' },
        kind: 'text',
        text: 'show TB1',
        chat: { type: 'single', id: 'cid1' },
        receivedAt: at,
      },
      origin: { sessionWebhook: robot.sessionWebhook, sessionWebhookExpiresAt: 123, staffId: 'u1' },
    });
  });

  it('reads richText parts and ignores pictures, empty text and the over-quota push', () => {
    const rich = {
      ...robot,
      msgtype: 'richText',
      content: { richText: [{ text: '认领 ' }, { downloadCode: 'x' }, { text: 'TB1' }] },
    };
    expect(robotMessageEvent(rich, at)?.event.text).toBe('认领 TB1');
    expect(robotMessageEvent({ ...robot, msgtype: 'picture' }, at)).toBeNull();
    expect(robotMessageEvent({ ...robot, text: { content: '   ' } }, at)).toBeNull();
    expect(robotMessageEvent({ msgId: 'm', errorCode: 20001, errMsg: 'quota' }, at)).toBeNull();
  });

  it('finds the button under content/cardPrivateData, under value, or beside cardPrivateData', () => {
    const base = { outTrackId: 'al_1-r1', userId: 'u2', spaceType: 'IM_GROUP', spaceId: 'cid9' };
    const params = { action: 'claim', alertId: 'al_1', key: 'ow1.claim.al_1' };
    const variants = [
      { content: JSON.stringify({ cardPrivateData: { actionIds: ['claim'], params } }) },
      { value: JSON.stringify({ cardPrivateData: { actionIds: ['claim'] }, params }) },
      { content: { cardPrivateData: { params: { action: 'claim', alertId: 'al_1' } } } },
    ];
    for (const v of variants) {
      expect(cardCallbackEvent({ ...base, ...v }, 'mid-1', at)).toEqual({
        platform: 'dingtalk',
        eventId: 'mid-1',
        actor: { platformUserId: 'u2', name: null },
        kind: 'button',
        buttonKey: 'ow1.claim.al_1',
        chat: { type: 'group', id: 'cid9' },
        card: { outTrackId: 'al_1-r1' },
        receivedAt: at,
      });
    }
  });

  it('keys a click without messageId by its content and ignores foreign buttons', () => {
    const d = {
      userId: 'u2',
      content: JSON.stringify({ cardPrivateData: { params: { key: 'ow1.show.a' } } }),
    };
    const a = cardCallbackEvent(d, '', at);
    expect(a?.eventId).toMatch(/^card:[0-9a-f]{32}$/);
    expect(cardCallbackEvent({ ...d }, '', at)?.eventId).toBe(a?.eventId);
    expect(
      cardCallbackEvent({ userId: 'u2', content: '{"cardPrivateData":{"params":{}}}' }, 'm', at),
    ).toBeNull();
    expect(cardCallbackEvent({ userId: 'u2', content: 'not json' }, 'm', at)).toBeNull();
  });
});

describe('dingtalk reply text', () => {
  it('neutralises mentions and links but keeps bold and line breaks, then @-s the sender', () => {
    const md = replyMarkdown({ result: 'ok', text: '**好的** @all [x](http://evil)\n第二行' }, 'u-1');
    expect(md.text).toBe('**好的** ＠all ［x］(http://evil)\n\n第二行\n\n@u-1');
    expect(md.title).toBe('好的 ＠all ［x］(http://evil)');
    expect(replyMarkdown({ result: 'ok', text: 'x' }, 'bad id<>').text).toBe('x');
  });

  it('cuts the clicker status to one short plain line', () => {
    expect(shortStatus('**已认领**\n详情')).toBe('已认领');
    expect([...shortStatus('长'.repeat(100))]).toHaveLength(60);
  });
});

describe('dingtalk stream backoff', () => {
  it('draws full jitter below a doubling cap that stops at maxMs', () => {
    const o = { baseMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, o, () => 0.999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(5, o, () => 0)).toBe(0);
  });
});
