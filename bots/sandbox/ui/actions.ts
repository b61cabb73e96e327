// POST /sandbox/click and /sandbox/say: the page acting as a person, through the emulators' drivers, so the
// app receives the real encrypted WeCom callback or DingTalk Stream frame.
import * as z from 'zod';
import type { Person, Team } from '../../../src/config/index.js';
import { teamChatId, type SandboxScope } from './snapshot.js';

const id = z.string().min(1).max(256);
export const ClickBody = z.object({
  platform: z.enum(['wecom', 'dingtalk']),
  as: id,
  key: z.string().min(1).max(1024),
  taskId: id.optional(),
  outTrackId: id.optional(),
  /** A card the WeCom AI bot posted in a group: the click goes to the bot callback. */
  chatid: id.optional(),
});
export const SayBody = z.object({
  platform: z.enum(['wecom', 'dingtalk']),
  as: id,
  text: z.string().trim().min(1).max(2000),
  /** Team id; the first team when absent. */
  team: id.optional(),
  /** WeCom only: `app` types in the person's 1:1 chat with the app instead of @-ing the bot in the group. */
  to: z.enum(['group', 'app']).optional(),
});

/** A request the sandbox cannot act on (unknown person, no such id on that platform): a 400. */
export class SandboxInputError extends Error {}

function personOf(
  scope: SandboxScope,
  personId: string,
  platform: 'wecom' | 'dingtalk',
): Person & {
  platformId: string;
} {
  const p = scope.people.find((x) => x.id === personId);
  if (!p) throw new SandboxInputError(`没有这个人：${personId}`);
  const platformId = p[platform];
  if (!platformId)
    throw new SandboxInputError(`${p.name} 没有${platform === 'wecom' ? '企业微信' : '钉钉'}账号`);
  return { ...p, platformId };
}

function teamOf(scope: SandboxScope, teamId: string | undefined): Team {
  const team = teamId === undefined ? scope.teams[0] : scope.teams.find((t) => t.id === teamId);
  if (!team) throw new SandboxInputError(`没有这个团队：${teamId ?? '（未配置团队）'}`);
  return team;
}

/** `ow1.<action>.<alertId>` → the params our DingTalk card buttons carry. */
export function decodeKey(key: string): { action: string; alertId: string; key: string } {
  const [prefix, action, ...rest] = key.split('.');
  if (prefix !== 'ow1' || !action || rest.length === 0) throw new SandboxInputError(`不认识的按钮：${key}`);
  return { action, alertId: rest.join('.'), key };
}

export async function click(scope: SandboxScope, body: z.infer<typeof ClickBody>): Promise<unknown> {
  const person = personOf(scope, body.as, body.platform);
  if (body.platform === 'dingtalk') {
    if (!body.outTrackId) throw new SandboxInputError('缺少 outTrackId');
    const params = decodeKey(body.key);
    return scope.sandbox.dingtalk.clickCard({
      outTrackId: body.outTrackId,
      userId: person.platformId,
      actionIds: [params.action],
      params,
    });
  }
  if (!body.taskId) throw new SandboxInputError('缺少 taskId');
  const o = { taskId: body.taskId, userid: person.platformId, eventKey: body.key };
  return body.chatid
    ? scope.sandbox.wecom.clickBotCard({ ...o, chatid: body.chatid })
    : scope.sandbox.wecom.clickCard(o);
}

/** The page keeps this many typed messages to show (oldest dropped). */
const SAID_KEPT = 500;

function remember(
  scope: SandboxScope,
  platform: 'wecom' | 'dingtalk',
  chat: string,
  personId: string,
  text: string,
) {
  if (!scope.said) return;
  scope.said.push({ at: Date.now(), platform, chat, personId, text });
  if (scope.said.length > SAID_KEPT) scope.said.splice(0, scope.said.length - SAID_KEPT);
}

export async function say(scope: SandboxScope, body: z.infer<typeof SayBody>): Promise<unknown> {
  const person = personOf(scope, body.as, body.platform);
  if (body.platform === 'wecom' && body.to === 'app') {
    remember(scope, 'wecom', 'app', person.id, body.text);
    return scope.sandbox.wecom.sendText({ userid: person.platformId, content: body.text });
  }
  const team = teamOf(scope, body.team);
  if (body.platform === 'dingtalk' && !team.dingtalkConversation)
    throw new SandboxInputError(`${team.id} 没有钉钉群`);
  remember(scope, body.platform, team.id, person.id, body.text);
  // The person types "@订单守望 …"; the drivers add the @ themselves.
  const text = body.text.replace(/^@订单守望\s*/u, '');
  if (body.platform === 'wecom')
    return scope.sandbox.wecom.mentionBot({ chatid: teamChatId(team), userid: person.platformId, text });
  if (!team.dingtalkConversation) throw new SandboxInputError(`${team.id} 没有钉钉群`);
  return scope.sandbox.dingtalk.pushRobotMessage({
    conversationId: team.dingtalkConversation,
    senderStaffId: person.platformId,
    senderNick: person.name,
    text,
  });
}
