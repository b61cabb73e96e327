// The app robot's 1:1 messages (oToMessages/batchSend, dingtalk.md §4.2: ≤ 20 userIds a call, check
// invalidStaffIdList / flowControlledStaffIdList) and DING (§7, in-app remindType 1): how an escalation
// reaches a supervisor personally on DingTalk.
import type { DingtalkConfig } from '../../src/config/types.js';
import type { CardModel } from '../../src/notify/card-model.js';
import type { SendOutcome } from '../../src/notify/notifier.js';
import type { ApiClient } from './api-client.js';
import { buildMarkdown } from './payloads.js';

const MAX_USERS = 20;

export async function sendDirect(
  api: ApiClient,
  config: DingtalkConfig,
  users: readonly string[],
  card: CardModel,
): Promise<SendOutcome> {
  const app = config.app;
  if (!app) return { ok: false, retryable: false, reason: 'dingtalk direct: no app configured' };
  if (users.length === 0) return { ok: false, retryable: false, reason: 'dingtalk direct: no users' };
  const r = await api.api('oToMessages', 'POST', '/v1.0/robot/oToMessages/batchSend', {
    robotCode: app.robotCode,
    userIds: users.slice(0, MAX_USERS),
    msgKey: 'sampleMarkdown',
    msgParam: JSON.stringify({ title: card.title, text: buildMarkdown(card) }),
  });
  if (!r.ok) return r.failure;
  const body = r.body as {
    processQueryKey?: string;
    invalidStaffIdList?: string[];
    flowControlledStaffIdList?: string[];
  };
  const invalid = body.invalidStaffIdList ?? [];
  if (invalid.length >= Math.min(users.length, MAX_USERS)) {
    return { ok: false, retryable: false, reason: 'dingtalk direct: every user id is invalid' };
  }
  if ((body.flowControlledStaffIdList ?? []).length > 0) {
    return { ok: false, retryable: true, reason: 'dingtalk direct: flow-controlled', throttledForMs: 60_000 };
  }
  return { ok: true, ref: { processQueryKey: body.processQueryKey ?? null } };
}

export async function sendDing(
  api: ApiClient,
  config: DingtalkConfig,
  userIds: readonly string[],
  text: string,
): Promise<SendOutcome> {
  const app = config.app;
  if (!app) return { ok: false, retryable: false, reason: 'dingtalk ding: no app configured' };
  const r = await api.api('ding', 'POST', '/v1.0/robot/ding/send', {
    robotCode: app.robotCode,
    remindType: 1,
    receiverUserIdList: userIds.slice(0, 200),
    content: text.slice(0, 1000),
  });
  if (!r.ok) return r.failure;
  return { ok: true, ref: { openDingId: (r.body as { openDingId?: string }).openDingId ?? null } };
}
