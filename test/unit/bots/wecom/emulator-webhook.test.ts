import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WecomEmulator } from '../../../../bots/sandbox/wecom/index.js';
import { call, OTHER_KEY, startEmulator, WEBHOOK_KEY, type Json, type TestClock } from './helpers.js';

let emu: WecomEmulator;
let clock: TestClock;

beforeEach(async () => {
  ({ emu, clock } = await startEmulator());
});
afterEach(() => emu.close());

const hook = (body: unknown, key = WEBHOOK_KEY) => call(emu, '/cgi-bin/webhook/send', { key }, body);
const markdown = (content: string): Json => ({ msgtype: 'markdown', markdown: { content } });
const notice = (extra: Json = {}): Json => ({
  msgtype: 'template_card',
  template_card: {
    card_type: 'text_notice',
    main_title: { title: '库存预警' },
    card_action: { type: 1, url: 'https://ow.example.com' },
    ...extra,
  },
});

describe('webhook/send validation', () => {
  it.each<[string, Json, number]>([
    ['an unknown msgtype', { msgtype: 'sticker' }, 40008],
    ['empty text', { msgtype: 'text', text: { content: '' } }, 44004],
    ['text over 2048 bytes', { msgtype: 'text', text: { content: 'a'.repeat(2049) } }, 45002],
    ['empty markdown', markdown(' '), 44004],
    ['markdown over 4096 bytes', markdown('订'.repeat(1366)), 45002],
    [
      'markdown_v2 over 4096 bytes',
      { msgtype: 'markdown_v2', markdown_v2: { content: 'a'.repeat(4097) } },
      45002,
    ],
    ['a button card', notice({ card_type: 'button_interaction', task_id: 't1' }), 40035],
    ['a text_notice without card_action', notice({ card_action: undefined }), 40035],
    ['a news_notice without image', notice({ card_type: 'news_notice' }), 40035],
    ['nine news articles', { msgtype: 'news', news: { articles: Array(9).fill({ title: 't' }) } }, 45008],
    ['a file without media_id', { msgtype: 'file', file: {} }, 40007],
  ])('rejects %s with its real errcode', async (_name, body, errcode) => {
    expect(await hook(body)).toMatchObject({ errcode });
  });

  it('answers 93000 for an unknown key', async () => {
    expect(await hook(markdown('hi'), 'revoked-key')).toMatchObject({ errcode: 93000 });
  });

  it('accepts markdown of exactly 4096 bytes and a text_notice card', async () => {
    expect(await hook(markdown('a'.repeat(4096)))).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(await hook(notice())).toMatchObject({ errcode: 0 });
  });
});

describe('webhook group view', () => {
  it('records markdown <@userid> mentions and text mentioned_list per group', async () => {
    await hook(markdown('请 <@zhangsan> 和 <@lisi> 处理'));
    await hook({ msgtype: 'text', text: { content: '注意', mentioned_list: ['wangwu', '@all'] } }, OTHER_KEY);
    expect(emu.groupMessages(WEBHOOK_KEY)).toEqual([
      expect.objectContaining({ group: '杭州仓群', msgtype: 'markdown', mentions: ['zhangsan', 'lisi'] }),
    ]);
    expect(emu.groupMessages(OTHER_KEY)[0]).toMatchObject({
      group: '客服群',
      text: '注意',
      mentions: ['wangwu', '@all'],
    });
  });

  it('shows no mentions for markdown_v2, which cannot @ anyone', async () => {
    await hook({ msgtype: 'markdown_v2', markdown_v2: { content: '<@zhangsan> hi' } });
    expect(emu.groupMessages()[0]?.mentions).toEqual([]);
  });
});

describe('webhook rate limit', () => {
  it('answers 45009 to the 21st message in a minute, counting failed ones, then recovers', async () => {
    for (let i = 0; i < 15; i++) expect(await hook(markdown(`m${i}`))).toMatchObject({ errcode: 0 });
    for (let i = 0; i < 5; i++) expect(await hook(markdown(''))).toMatchObject({ errcode: 44004 });
    expect(await hook(markdown('one too many'))).toMatchObject({
      errcode: 45009,
      errmsg: expect.stringContaining('api freq out of limit'),
    });
    expect(await hook(markdown('other robot'), OTHER_KEY)).toMatchObject({ errcode: 0 });
    clock.advance(60_000);
    expect(await hook(markdown('next minute'))).toMatchObject({ errcode: 0 });
    expect(emu.groupMessages(WEBHOOK_KEY)).toHaveLength(16);
  });
});
