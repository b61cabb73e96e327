// App-robot sends through the new API: groupMessages/send (§4.1, no @ support), 1:1 oToMessages/batchSend
// (§4.2) and DING (§7).
import type { FastifyInstance } from 'fastify';
import { guardApi } from './auth-routes.js';
import type { EmulatorContext } from './context.js';
import { ApiError } from './errors.js';
import { newId } from './state.js';

const MSG_KEYS = new Set([
  'sampleText',
  'sampleMarkdown',
  'sampleImageMsg',
  'sampleLink',
  'sampleActionCard',
  'sampleActionCard2',
  'sampleActionCard3',
  'sampleActionCard4',
  'sampleActionCard5',
  'sampleActionCard6',
  'sampleAudio',
  'sampleFile',
  'sampleVideo',
]);
const MAX_MSG_PARAM_BYTES = 15_000;

const bad = (code: string, message: string) => new ApiError(400, code, message);

function checkRobot(
  ctx: EmulatorContext,
  robotCode: unknown,
  code = 'invalidParameter.robotCode.notExist',
): void {
  if (robotCode !== ctx.opts.robotCode) throw bad(code, 'robotCode 不存在');
}

function parseMsgParam(raw: unknown): unknown {
  if (typeof raw !== 'string') throw bad('invalidParameter.msgParam.invalid', 'msgParam 必须是 JSON 字符串');
  if (Buffer.byteLength(raw) > MAX_MSG_PARAM_BYTES)
    throw bad('invalidParameter.msgParam.tooLong', 'msgParam 过长');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw bad('invalidParameter.msgParam.invalid', 'msgParam 不是合法 JSON');
  }
}

function groupSend(ctx: EmulatorContext, b: Record<string, unknown>) {
  checkRobot(ctx, b.robotCode);
  if (typeof b.msgKey !== 'string' || !MSG_KEYS.has(b.msgKey)) {
    throw bad('invalidParameter.msgKey.invalid', 'msgKey 不合法');
  }
  const msgParam = parseMsgParam(b.msgParam);
  const cid = b.openConversationId;
  if (typeof cid !== 'string' || !ctx.opts.conversations[cid]) {
    throw bad('invalid.openConversationId', 'openConversationId 不合法');
  }
  const processQueryKey = newId('pqk');
  ctx.state.groupMessages.push({
    at: ctx.now(),
    conversationId: cid,
    msgKey: b.msgKey,
    msgParam,
    processQueryKey,
  });
  return { processQueryKey };
}

const MAX_DIRECT_USERS = 20;

/** 1:1 (§4.2): userIds ≤ 20; ids that are no member of any known group come back as invalidStaffIdList. */
function directSend(ctx: EmulatorContext, b: Record<string, unknown>) {
  checkRobot(ctx, b.robotCode);
  if (typeof b.msgKey !== 'string' || !MSG_KEYS.has(b.msgKey)) {
    throw bad('invalidParameter.msgKey.invalid', 'msgKey 不合法');
  }
  const msgParam = parseMsgParam(b.msgParam);
  const ids = b.userIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((u) => typeof u !== 'string')) {
    throw bad('invalidParameter.userIds', 'userIds 必填');
  }
  if (ids.length > MAX_DIRECT_USERS) throw bad('invalidParameter.userIds.tooMany', 'userIds 最多 20 个');
  const known = new Set(Object.values(ctx.opts.conversations).flatMap((c) => c.members));
  const userIds = (ids as string[]).filter((u) => known.has(u));
  const processQueryKey = newId('pqk');
  if (userIds.length > 0) {
    ctx.state.directMessages.push({ at: ctx.now(), userIds, msgKey: b.msgKey, msgParam, processQueryKey });
  }
  const invalidStaffIdList = (ids as string[]).filter((u) => !known.has(u));
  return { processQueryKey, invalidStaffIdList, flowControlledStaffIdList: [] };
}

function dingSend(ctx: EmulatorContext, b: Record<string, unknown>) {
  checkRobot(ctx, b.robotCode, 'invalid.chatbotId');
  const remindType = b.remindType;
  if (remindType !== 1 && remindType !== 2 && remindType !== 3) {
    throw bad('invalidParameter.remindType', 'remindType 只能是 1、2、3');
  }
  const receivers = b.receiverUserIdList;
  if (!Array.isArray(receivers) || receivers.length === 0 || receivers.some((r) => typeof r !== 'string')) {
    throw bad('invalidParameter.receiverUserIdList', 'receiverUserIdList 必填');
  }
  if (receivers.length > (remindType === 3 ? 20 : 200))
    throw bad('ding.receivercount.limit', '接收人数超过限制');
  if (typeof b.content !== 'string' || b.content === '')
    throw bad('invalidParameter.content', 'content 必填');
  const openDingId = newId('ding');
  const receiverUserIdList = receivers as string[];
  ctx.state.dings.push({ at: ctx.now(), openDingId, remindType, receiverUserIdList, content: b.content });
  return { openDingId, failedList: {} };
}

export function registerRobotRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/v1.0/robot/groupMessages/send', async (req) => {
    guardApi(ctx, req);
    return groupSend(ctx, (req.body ?? {}) as Record<string, unknown>);
  });
  app.post('/v1.0/robot/oToMessages/batchSend', async (req) => {
    guardApi(ctx, req);
    return directSend(ctx, (req.body ?? {}) as Record<string, unknown>);
  });
  app.post('/v1.0/robot/ding/send', async (req) => {
    guardApi(ctx, req);
    return dingSend(ctx, (req.body ?? {}) as Record<string, unknown>);
  });
}
