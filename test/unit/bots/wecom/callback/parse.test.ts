import { describe, expect, it } from 'vitest';
import { appEventOf } from '../../../../../bots/wecom/callback/app-events.js';
import { botEventOf, stripMention } from '../../../../../bots/wecom/callback/bot-events.js';
import { cdata, documentOf, fieldsOf, parseXml, XmlError } from '../../../../../bots/wecom/callback/xml.js';

const at = new Date('2026-11-22T10:00:00Z');

describe('parseXml', () => {
  it('reads the flat fields of a WeCom message, CDATA or not, skipping nested lists', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
      <xml><ToUserName><![CDATA[ww1]]></ToUserName><CreateTime>123</CreateTime>
      <Content><![CDATA[a <b> & c]]></Content><Escaped>x &lt;&amp;&#x4e2d;&#25991;</Escaped><Empty/>
      <SelectedItems><SelectedItem><QuestionKey><![CDATA[q]]></QuestionKey></SelectedItem></SelectedItems></xml>`;
    expect(fieldsOf(parseXml(xml))).toEqual({
      ToUserName: 'ww1',
      CreateTime: '123',
      Content: 'a <b> & c',
      Escaped: 'x <&中文',
      Empty: '',
    });
  });

  it('writes CDATA that survives "]]>" and reads back the same text', () => {
    const text = 'a]]>b<![CDATA[c';
    expect(fieldsOf(parseXml(documentOf({ Content: text, N: 5 })))).toEqual({ Content: text, N: '5' });
    expect(cdata('x]]>y')).toBe('<![CDATA[x]]]]><![CDATA[>y]]>');
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><A>&a;</A></xml>'],
    ['an unknown entity', '<xml><A>&a;</A></xml>'],
    ['a bare ampersand', '<xml><A>a & b</A></xml>'],
    ['a comment', '<xml><!-- x --><A>1</A></xml>'],
    ['an attribute', '<xml><A b="1">1</A></xml>'],
    ['an unclosed element', '<xml><A>1</A>'],
    ['a mismatched end tag', '<xml><A>1</B></xml>'],
    ['mixed content', '<xml>text<A>1</A></xml>'],
    ['another root', '<doc><A>1</A></doc>'],
    ['content after the root', '<xml><A>1</A></xml><xml/>'],
    ['an unclosed CDATA', '<xml><A><![CDATA[1</A></xml>'],
    ['deep nesting', `<xml>${'<a>'.repeat(10)}1${'</a>'.repeat(10)}</xml>`],
    ['too many elements', `<xml>${'<a>1</a>'.repeat(300)}</xml>`],
    ['JSON', '{"encrypt":"x"}'],
    ['nothing', ''],
  ])('refuses %s', (_name, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });
});

describe('appEventOf', () => {
  const click = {
    ToUserName: 'ww1',
    FromUserName: 'lisi',
    CreateTime: '1795428000',
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: 'ow1.claim.al_1',
    TaskId: 'task-1',
    CardType: 'button_interaction',
    ResponseCode: 'rc-1',
    AgentID: '1000002',
  };

  it('turns a template_card_event into a button event keyed by user, time, key and task', () => {
    expect(appEventOf(click, at)).toEqual({
      platform: 'wecom',
      kind: 'button',
      eventId: 'lisi|1795428000|ow1.claim.al_1|task-1',
      buttonKey: 'ow1.claim.al_1',
      actor: { platformUserId: 'lisi', name: null },
      chat: { type: 'single', id: null },
      card: { taskId: 'task-1', responseCode: 'rc-1' },
      receivedAt: at,
    });
  });

  it('keeps a 64-bit MsgId as the exact string', () => {
    const text = {
      FromUserName: 'lisi',
      MsgType: 'text',
      Content: '认领 TB001',
      MsgId: '7382174638212345678',
    };
    expect(appEventOf(text, at)).toMatchObject({
      kind: 'text',
      eventId: '7382174638212345678',
      text: '认领 TB001',
    });
  });

  it.each([
    ['an image', { FromUserName: 'lisi', MsgType: 'image', MsgId: '1' }],
    ['a menu click', { FromUserName: 'lisi', MsgType: 'event', Event: 'click', EventKey: 'k' }],
    ['a card event without a task', { ...click, TaskId: '' }],
    ['a text without MsgId', { FromUserName: 'lisi', MsgType: 'text', Content: 'x' }],
  ])('ignores %s', (_name, fields) => {
    expect(appEventOf(fields, at)).toBeNull();
  });
});

describe('botEventOf', () => {
  const base = {
    msgid: 'CAIQ1',
    aibotid: 'aib',
    chatid: 'wrkSFfCgAA',
    chattype: 'group',
    from: { userid: 'lisi' },
  };

  it('turns a group @mention into a text event without the mention', () => {
    const msg = {
      ...base,
      response_url: 'https://x/r',
      msgtype: 'text',
      text: { content: '@订单守望 认领 TB001' },
    };
    expect(botEventOf(msg, at, '订单守望')).toEqual({
      responseUrl: 'https://x/r',
      event: {
        platform: 'wecom',
        kind: 'text',
        eventId: 'CAIQ1',
        text: '认领 TB001',
        actor: { platformUserId: 'lisi', name: null },
        chat: { type: 'group', id: 'wrkSFfCgAA' },
        receivedAt: at,
      },
    });
  });

  it('turns a card click into a button event on that task', () => {
    const tce = { card_type: 'button_interaction', event_key: 'ow1.hold.al_1', task_id: 'ow-al_1-ab' };
    const msg = {
      ...base,
      msgtype: 'event',
      event: { eventtype: 'template_card_event', template_card_event: tce },
    };
    expect(botEventOf(msg, at)?.event).toMatchObject({
      kind: 'button',
      buttonKey: 'ow1.hold.al_1',
      card: { taskId: 'ow-al_1-ab' },
      eventId: 'CAIQ1',
    });
  });

  it.each([
    ['enter_chat', { ...base, msgtype: 'event', event: { eventtype: 'enter_chat' } }],
    ['an image', { ...base, msgtype: 'image', image: { url: 'u' } }],
    ['no msgid', { ...base, msgid: '', msgtype: 'text', text: { content: 'x' } }],
    ['not an object', ['x']],
  ])('ignores %s', (_name, msg) => {
    expect(botEventOf(msg, at)).toBeNull();
  });

  it.each([
    ['@订单守望 认领 TB001', true, '订单守望', '认领 TB001'],
    ['认领 TB001 @订单守望', true, '订单守望', '认领 TB001'],
    ['@订单守望\u2005帮助', true, '订单守望', '帮助'],
    ['@Robot 帮助', true, undefined, '帮助'],
    ['@Robot 帮助', false, undefined, '@Robot 帮助'],
  ])('strips the mention from %j', (content, group, name, expected) => {
    expect(stripMention(content, group, name)).toBe(expected);
  });
});
