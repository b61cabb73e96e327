import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/index.js';
import type { ChannelKind } from '../../../src/notify/notifier.js';
import { createTargetResolver, onDutyMentions } from '../../../src/notify/targets.js';

type Slice = Pick<Config, 'teams' | 'people' | 'wecom' | 'dingtalk'>;

const config: Slice = {
  people: [
    { id: 'lisi', name: '李四', roles: ['cs'], wecom: 'LiSi', dingtalk: 'ding-lisi', mobile: null },
    { id: 'wangwu', name: '王五', roles: ['warehouse'], wecom: 'WangWu', dingtalk: null, mobile: null },
  ],
  teams: [
    {
      id: 'ops',
      wecomWebhookKey: 'ops-key',
      wecomUsers: ['LiSi', 'WangWu'],
      dingtalkConversation: 'cidOPS==',
      onDuty: ['lisi', 'zhaoliu'],
    },
    { id: 'wh', wecomWebhookKey: null, wecomUsers: [], dingtalkConversation: null, onDuty: ['wangwu'] },
  ],
  wecom: { apiBase: 'x', app: null, callback: null, bot: null, webhookKey: 'default-key' },
  dingtalk: {
    apiBase: 'x',
    oapiBase: 'x',
    app: { clientId: 'cid', clientSecret: 's', robotCode: 'robot1', cardTemplateId: 'tpl' },
    webhook: { token: 'hook-token', secret: 'SEC1' },
  },
};
const all = new Set<ChannelKind>([
  'wecom_app',
  'wecom_webhook',
  'dingtalk_card',
  'dingtalk_group',
  'dingtalk_webhook',
]);

describe('target resolution', () => {
  it("sends a team's alerts to its webhook group, its members' app chats and its DingTalk group", () => {
    const t = createTargetResolver(config, all).resolve('ops');
    expect(t.map((x) => x.id)).toEqual(['wecom_webhook:ops', 'wecom_app:ops', 'dingtalk_card:ops']);
    expect(t[1]!.destination.users).toEqual(['LiSi', 'WangWu']);
    expect(t[1]!.budgets.map((b) => [b.key, b.perMinute])).toEqual([
      ['wecom-member:LiSi', 30],
      ['wecom-member:WangWu', 30],
    ]);
    expect(t[2]!.budgets).toEqual([{ key: 'dingtalk-robot:robot1:cidOPS==', perMinute: 20 }]);
  });

  it('falls back to the default webhook group and the custom robot for a team without its own', () => {
    const t = createTargetResolver(config, all).resolve('wh');
    expect(t.map((x) => x.id)).toEqual(['wecom_webhook:wh', 'wecom_app:wh', 'dingtalk_webhook:wh']);
    expect(t[0]!.destination.webhookKey).toBe('default-key');
    expect(t[1]!.destination.users).toEqual(['WangWu']); // on-duty people's WeCom ids
  });

  it('counts one budget per robot however many teams share it, and never puts the key itself in a name', () => {
    const r = createTargetResolver(config, all);
    const a = r.resolve('wh')[0]!;
    const b = r.resolve(null)[0]!;
    expect(a.budgets[0]!.key).toBe(b.budgets[0]!.key);
    expect(JSON.stringify([a.id, a.budgets, b.id])).not.toContain('default-key');
  });

  it('uses only the channels a notifier is configured for', () => {
    const t = createTargetResolver(config, new Set<ChannelKind>(['dingtalk_group'])).resolve('ops');
    expect(t.map((x) => x.id)).toEqual(['dingtalk_group:ops']);
  });

  it('finds a target again by its id', () => {
    const r = createTargetResolver(config, all);
    expect(r.byId('wecom_app:ops')?.destination.users).toEqual(['LiSi', 'WangWu']);
    expect(r.byId('wecom_app:nope')).toBeNull();
  });
});

describe('onDutyMentions', () => {
  it('names configured people with both platform ids and takes unknown ids as they are', () => {
    expect(onDutyMentions(config.teams[0]!, config.people)).toEqual([
      { name: '李四', wecom: 'LiSi', dingtalk: 'ding-lisi' },
      { name: 'zhaoliu', wecom: 'zhaoliu', dingtalk: 'zhaoliu' },
    ]);
  });
});
