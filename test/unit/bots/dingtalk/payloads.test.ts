import { describe, expect, it } from 'vitest';
import {
  CARD_PARAM_KEYS,
  buildCardParamMap,
  buildCreateAndDeliver,
  buildMarkdown,
  buildWebhookMessage,
  neutralise,
} from '../../../../bots/dingtalk/payloads.js';
import template from '../../../../templates/dingtalk/alert-card.variables.json' with { type: 'json' };
import { sampleCard } from './helpers.js';

describe('dingtalk payloads', () => {
  it('produces exactly the template variables, every value a string', () => {
    const map = buildCardParamMap(sampleCard());
    expect(Object.keys(map).sort()).toEqual([...CARD_PARAM_KEYS].sort());
    expect(template.variables.map((v) => v.name).sort()).toEqual([...CARD_PARAM_KEYS].sort());
    expect(Object.values(map).every((v) => typeof v === 'string')).toBe(true);
    expect(JSON.parse(map.buttons)).toEqual([
      { action: 'claim', label: '认领', style: 'primary', alertId: 'al_123', key: 'ow1.claim.al_123' },
      { action: 'resolve', label: '已处理', style: 'default', alertId: 'al_123', key: 'ow1.resolve.al_123' },
    ]);
  });

  it('keeps JSON lists valid when they would exceed 1 KB', () => {
    const facts = Array.from({ length: 60 }, (_, i) => ({ label: `标签${i}`, value: '值'.repeat(10) }));
    const map = buildCardParamMap(sampleCard({ facts }));
    expect(Buffer.byteLength(map.facts)).toBeLessThanOrEqual(1000);
    expect(JSON.parse(map.facts).length).toBeGreaterThan(0);
  });

  it('builds createAndDeliver for one group with the @-mentions of people who have a DingTalk id', () => {
    const card = sampleCard({
      mentions: [
        { name: '张三', wecom: null, dingtalk: 'u-zhang' },
        { name: '李四', wecom: 'li', dingtalk: null },
      ],
    });
    const body = buildCreateAndDeliver(card, {
      outTrackId: 'k1',
      cardTemplateId: 't.schema',
      conversationId: 'cid1',
      robotCode: 'rc',
    });
    expect(body).toMatchObject({
      outTrackId: 'k1',
      callbackType: 'STREAM',
      openSpaceId: 'dtv1.card//IM_GROUP.cid1',
      imGroupOpenSpaceModel: { supportForward: true, lastMessageI18n: { ZH_CN: card.title } },
      imGroupOpenDeliverModel: { robotCode: 'rc', atUserIds: { 'u-zhang': '张三' } },
      userIdType: 1,
    });
  });

  it.each([
    ['@u-li 退款', '＠u-li 退款'],
    ['[点我](http://x)', '［点我］(http://x)'],
    ['line1\nline2', 'line1 line2'],
    ['# 标题 <b>', '＃ 标题 ＜b＞'],
  ])('neutralises %j', (input, output) => {
    expect(neutralise(input)).toBe(output);
  });

  it('drops body lines, not the head, when the markdown would exceed its byte budget', () => {
    const facts = Array.from({ length: 200 }, (_, i) => ({ label: `l${i}`, value: 'v'.repeat(40) }));
    const md = buildMarkdown(sampleCard({ facts }), '@u-zhang', 2000);
    expect(Buffer.byteLength(md.text)).toBeLessThanOrEqual(2000);
    expect(md.text).toContain('订单 TB20261122001 待拣货超时');
    expect(md.text).toContain('行未显示');
    expect(md.text.endsWith('@u-zhang')).toBe(true);
  });

  it('puts each webhook mention both in at.atUserIds and as @id in the text', () => {
    const msg = buildWebhookMessage(sampleCard(), 'uuid-1');
    expect(msg.at.atUserIds).toEqual(['u-zhang']);
    expect(msg.markdown.text).toContain('@u-zhang');
    expect(msg.msgUuid).toBe('uuid-1');
  });
});
