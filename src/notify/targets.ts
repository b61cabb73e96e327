// Where an alert's cards go: its team's chats, one target per channel the configuration enables, each
// with the rate budgets it spends (DESIGN.md §3.6). Pure: config and the available channels in.
import { createHash } from 'node:crypto';
import type { Config, Person, Team } from '../config/index.js';
import type { Mention } from './card-model.js';
import type { ChannelKind, Destination } from './notifier.js';

/** WeCom and DingTalk robots: 20 messages a minute each (DingTalk then blocks the robot 10 minutes). */
export const ROBOT_PER_MINUTE = 20;
/** WeCom app messages: 30 a minute per member; the excess is dropped silently by WeCom. */
export const MEMBER_PER_MINUTE = 30;

export interface BudgetKey {
  key: string;
  perMinute: number;
}

export interface Target {
  /** `<channel>:<team>`, stable: deliveries and cards are keyed by it. */
  id: string;
  channel: ChannelKind;
  team: string;
  destination: Destination;
  budgets: BudgetKey[];
  mentions: Mention[];
}

/** The team id used for alerts no route sent anywhere: the default webhooks still hear of them. */
export const DEFAULT_TEAM = 'default';

const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);

export function createTargetResolver(
  config: Pick<Config, 'teams' | 'people' | 'wecom' | 'dingtalk'>,
  available: ReadonlySet<ChannelKind>,
) {
  const teams = new Map(config.teams.map((t) => [t.id, t]));
  const cache = new Map<string, Target[]>();
  const resolve = (teamId: string | null): Target[] => {
    const key = teamId ?? DEFAULT_TEAM;
    let targets = cache.get(key);
    if (!targets) {
      targets = build(key, teams.get(key) ?? null, config, available);
      cache.set(key, targets);
    }
    return targets;
  };
  const byId = (targetId: string): Target | null => {
    const team = targetId.slice(targetId.indexOf(':') + 1);
    return resolve(team).find((t) => t.id === targetId) ?? null;
  };
  return { resolve, byId };
}
export type TargetResolver = ReturnType<typeof createTargetResolver>;

function build(
  teamId: string,
  team: Team | null,
  config: Pick<Config, 'people' | 'wecom' | 'dingtalk'>,
  available: ReadonlySet<ChannelKind>,
): Target[] {
  const mentions = onDutyMentions(team, config.people);
  const out: Target[] = [];
  const add = (channel: ChannelKind, destination: Destination, budgets: BudgetKey[]) => {
    if (available.has(channel))
      out.push({ id: `${channel}:${teamId}`, channel, team: teamId, destination, budgets, mentions });
  };
  const webhookKey = team?.wecomWebhookKey ?? config.wecom.webhookKey;
  if (webhookKey) {
    add('wecom_webhook', { channel: 'wecom_webhook', webhookKey }, [
      { key: `wecom-robot:${fingerprint(webhookKey)}`, perMinute: ROBOT_PER_MINUTE },
    ]);
  }
  const users = appRecipients(team, config.people);
  if (users.length > 0) {
    add(
      'wecom_app',
      { channel: 'wecom_app', users },
      users.map((u) => ({ key: `wecom-member:${u}`, perMinute: MEMBER_PER_MINUTE })),
    );
  }
  const cid = team?.dingtalkConversation;
  const robotCode = config.dingtalk.app?.robotCode;
  if (cid && robotCode) {
    const budgets = [{ key: `dingtalk-robot:${robotCode}:${cid}`, perMinute: ROBOT_PER_MINUTE }];
    // The interactive card when a template is configured, else a plain group message from the app robot.
    if (available.has('dingtalk_card'))
      add('dingtalk_card', { channel: 'dingtalk_card', conversationId: cid }, budgets);
    else add('dingtalk_group', { channel: 'dingtalk_group', conversationId: cid }, budgets);
  } else if (config.dingtalk.webhook) {
    add('dingtalk_webhook', { channel: 'dingtalk_webhook' }, [
      { key: `dingtalk-robot:${fingerprint(config.dingtalk.webhook.token)}`, perMinute: ROBOT_PER_MINUTE },
    ]);
  }
  return out;
}

/** The team's WeCom members for app cards: wecom_users, else the on-duty people's WeCom ids. */
function appRecipients(team: Team | null, people: Person[]): string[] {
  if (!team) return [];
  if (team.wecomUsers.length > 0) return [...team.wecomUsers];
  return onDutyMentions(team, people).flatMap((m) => (m.wecom ? [m.wecom] : []));
}

/** on_duty lists person ids or platform user ids; a bare id is taken as both platforms' id. */
export function onDutyMentions(team: Team | null, people: Person[]): Mention[] {
  if (!team) return [];
  const byAnyId = new Map<string, Person>();
  for (const p of people) {
    for (const id of [p.id, p.wecom, p.dingtalk]) if (id) byAnyId.set(id, p);
  }
  return team.onDuty.map((id) => {
    const p = byAnyId.get(id);
    return p ? { name: p.name, wecom: p.wecom, dingtalk: p.dingtalk } : { name: id, wecom: id, dingtalk: id };
  });
}
