import { describe, expect, it } from 'vitest';
import { validateTemplateCard } from '../../../../bots/sandbox/wecom/card-validate.js';
import {
  buildAppCardUpdate,
  buildAppTemplateCard,
  buildWebhookMarkdown,
  templateCardOf,
} from '../../../../bots/wecom/payloads.js';
import { escapeMarkdown } from '../../../../bots/wecom/markdown.js';
import { truncateUtf8 } from '../../../../bots/wecom/text.js';
import type { CardModel } from '../../../../src/notify/card-model.js';
import { AGENT_ID, sampleCard, type Json } from './helpers.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const digest: CardModel['digest'] = {
  total: 37,
  lines: [
    {
      label: 'hz-1 仓 · 待拣货超时',
      count: 37,
      examples: ['TB20261122001 · 已付款 3小时', 'JD778 · 已付款 2小时'],
    },
  ],
};

describe('buildAppTemplateCard', () => {
  it('sends a button_interaction card to the users with the idempotency key as task_id', () => {
    const body = buildAppTemplateCard(sampleCard(), {
      taskId: 'dlv-1',
      agentId: AGENT_ID,
      users: ['zhangsan', 'lisi'],
    });
    expect(body).toMatchObject({ touser: 'zhangsan|lisi', msgtype: 'template_card', agentid: AGENT_ID });
    expect(body.template_card).toMatchObject({
      card_type: 'button_interaction',
      task_id: 'dlv-1',
      source: { desc: '订单守望', desc_color: 2 },
      main_title: { title: '订单 TB20261122001 待拣货超时', desc: '紧急 · 11-22 18:05' },
      sub_title_text: '已付款 3 小时仍未拣货\n状态：待处理',
      horizontal_content_list: [
        { keyname: '仓库', value: 'hz-1' },
        { keyname: '金额', value: '¥399.00' },
      ],
      card_action: { type: 1, url: 'https://ow.example.com/o/tok123' },
      button_list: [
        { text: '认领', style: 1, key: 'ow1.claim.al_1' },
        { text: '稍后', style: 3, key: 'ow1.snooze.al_1' },
        { text: '拦截发货', style: 2, key: 'ow1.hold.al_1' },
      ],
    });
  });

  it.each<[string, Partial<CardModel>]>([
    ['an alert', {}],
    ['a resolved card without buttons', { variant: 'resolved', buttons: [], colour: 'green' }],
    ['a card without buttons or link', { buttons: [], link: null }],
    ['a digest', { variant: 'digest', alertId: null, severity: null, facts: [], buttons: [], digest }],
    ['eight buttons and eight long facts', { buttons: manyButtons(8), facts: longFacts(8) }],
    ['an empty summary', { summary: '' }],
  ])('builds a card the platform accepts for %s', (_name, overrides) => {
    const card = templateCardOf(sampleCard(overrides), 'dlv-1');
    expect(validateTemplateCard(card, 'app')).toBeNull();
  });

  it('keeps WeCom suggested lengths: title 36, keyname 5, button text 10, ≤6 buttons and facts', () => {
    const card = templateCardOf(
      sampleCard({ title: '长'.repeat(50), buttons: manyButtons(8), facts: longFacts(8) }),
      't',
    );
    expect(Array.from((card.main_title as Json).title as string)).toHaveLength(36);
    expect(card.button_list).toHaveLength(6);
    const facts = card.horizontal_content_list as Json[];
    expect(facts).toHaveLength(6);
    expect(facts.every((f) => Array.from(f.keyname as string).length <= 5)).toBe(true);
    expect((card.button_list as Json[]).every((b) => Array.from(b.text as string).length <= 10)).toBe(true);
  });

  it('shows digest lines as vertical rows with their whole label when a digest has no facts', () => {
    const card = templateCardOf(sampleCard({ variant: 'digest', facts: [], digest }), 't');
    expect(card.horizontal_content_list).toBeUndefined();
    expect((card.vertical_content_list as Json[])[0]).toMatchObject({
      title: expect.stringContaining('× 37'),
    });
    expect((card.main_title as Json).desc).toBe('汇总 · 11-22 18:05');
  });

  it('updates every recipient with the same task_id and the response_code', () => {
    const body = buildAppCardUpdate(sampleCard(), { taskId: 'dlv-1', agentId: AGENT_ID, responseCode: 'RC' });
    expect(body).toMatchObject({
      atall: 1,
      agentid: AGENT_ID,
      response_code: 'RC',
      template_card: { task_id: 'dlv-1' },
    });
  });
});

describe('buildWebhookMarkdown', () => {
  it('renders colour, summary, facts, link, mentions and time', () => {
    const { msgtype, markdown } = buildWebhookMarkdown(sampleCard());
    expect(msgtype).toBe('markdown');
    expect(markdown.content).toBe(
      [
        '🔴 <font color="warning">**订单 TB20261122001 待拣货超时**</font>',
        '> 已付款 3 小时仍未拣货',
        '> 状态：<font color="comment">待处理</font>',
        '· 仓库：hz-1',
        '· 金额：¥399.00',
        '[查看订单](https://ow.example.com/o/tok123)',
        '<@zhangsan>',
        '<font color="comment">11-22 18:05</font>',
      ].join('\n'),
    );
  });

  it.each<[string, string]>([
    ['a mention', '<@all> 快来'],
    ['a font tag', '<font color="warning">假警报</font>'],
    ['a link', '[点我](https://evil.example)'],
    ['bold and code', '**粗** `code`'],
    ['a new line starting a heading', 'ok\n# 标题\n> 引用'],
  ])('neutralises %s in user text', (_name, text) => {
    const content = buildWebhookMarkdown(
      sampleCard({ summary: text, facts: [{ label: '备注', value: text }] }),
    ).markdown.content;
    const userPart = content.split('\n').slice(1, -3).join('\n');
    expect(userPart).not.toMatch(/<@|<font color="warning">假|\]\(|\*\*粗|`|^#/m);
    expect(escapeMarkdown(text)).not.toMatch(/[<>[\]*`\n]/);
  });

  it('mentions only valid WeCom userids and names the others in plain text', () => {
    const mentions = [
      { name: '张三', wecom: 'zhangsan', dingtalk: null },
      { name: '李四', wecom: 'li si><@all', dingtalk: null },
      { name: '王五', wecom: null, dingtalk: 'dt1' },
      { name: '张三', wecom: 'zhangsan', dingtalk: null },
    ];
    const content = buildWebhookMarkdown(sampleCard({ mentions })).markdown.content;
    expect([...content.matchAll(/<@([^>]+)>/g)].map((m) => m[1])).toEqual(['zhangsan']);
    expect(content).toContain('@李四 @王五');
  });

  it('lists digest lines with counts and examples', () => {
    const content = buildWebhookMarkdown(sampleCard({ variant: 'digest', facts: [], digest })).markdown
      .content;
    expect(content).toContain('共 **37** 条告警');
    expect(content).toContain('· hz-1 仓 · 待拣货超时：**37** 条');
    expect(content).toContain('  └ TB20261122001 · 已付款 3小时');
  });

  it('stays within 4096 bytes and keeps the link and mentions when the card is huge', () => {
    const facts = Array.from({ length: 60 }, (_, i) => ({ label: `项${i}`, value: '很长的值'.repeat(40) }));
    const content = buildWebhookMarkdown(sampleCard({ facts })).markdown.content;
    expect(bytes(content)).toBeLessThanOrEqual(4096);
    expect(content).toContain('\n…\n[查看订单]');
    expect(content).toContain('<@zhangsan>');
  });
});

describe('truncateUtf8', () => {
  it.each([
    ['ascii', 'abcdef', 4, 'abcd'],
    ['a 3-byte character across the limit', 'ab订单', 4, 'ab'],
    ['a 4-byte emoji across the limit', 'a😀b', 3, 'a'],
    ['text already short enough', '订单', 6, '订单'],
  ])('cuts %s between characters', (_name, text, max, expected) => {
    expect(truncateUtf8(text, max)).toBe(expected);
  });
});

function manyButtons(n: number): CardModel['buttons'] {
  return Array.from({ length: n }, (_, i) => ({
    action: 'claim' as const,
    label: `非常长的按钮文字第${i}个按钮`,
    style: 'default' as const,
    key: `ow1.claim.al_${i}`,
  }));
}
function longFacts(n: number): CardModel['facts'] {
  return Array.from({ length: n }, (_, i) => ({ label: `很长的标签名字${i}`, value: '值'.repeat(50) }));
}
