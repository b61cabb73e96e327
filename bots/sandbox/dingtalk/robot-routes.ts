// App-robot sends through the new API: groupMessages/send (§4.1, no @ support) and DING (§7).
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
  app.post('/v1.0/robot/ding/send', async (req) => {
    guardApi(ctx, req);
    return dingSend(ctx, (req.body ?? {}) as Record<string, unknown>);
  });
}
