// What tests do as a DingTalk user: @ the robot in a group (§2 payload, pushed as a CALLBACK frame) and
// click a card button (§3.3), with the 2 s answer deadline and the answer shown to the clicker only (§3.4).
import { createHash } from 'node:crypto';
import type { EmulatorContext } from './context.js';
import { newId, type CardRecord, type ParamMap } from './state.js';
import type { Gateway } from './stream-gateway.js';
import { mintSession } from './webhook-routes.js';

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';
export const CARD_TOPIC = '/v1.0/card/instances/callback';
const CORP_ID = 'dingemulatorcorp';

export interface RobotMessageInput {
  conversationId: string;
  senderStaffId: string;
  senderNick: string;
  text: string;
  /** Group messages reach the robot only when it is @-ed; defaults to true. */
  atBot?: boolean;
}

/** The §2 payload of a group message that @-s the robot, with a fresh sessionWebhook. */
export function robotMessageData(ctx: EmulatorContext, m: RobotMessageInput) {
  const conv = ctx.opts.conversations[m.conversationId];
  if (!conv) throw new Error(`unknown conversation ${m.conversationId}`);
  const atBot = m.atBot ?? true;
  const chatbotUserId = `$:LWCP_v1:$${hash(ctx.opts.robotCode)}`;
  const session = mintSession(ctx, m.conversationId);
  return {
    conversationId: m.conversationId,
    conversationType: '2',
    conversationTitle: conv.title,
    senderStaffId: m.senderStaffId,
    senderId: `$:LWCP_v1:$${hash(m.senderStaffId)}`,
    senderNick: m.senderNick,
    senderCorpId: CORP_ID,
    isAdmin: false,
    chatbotUserId,
    chatbotCorpId: CORP_ID,
    robotCode: ctx.opts.robotCode,
    msgId: newId('msg'),
    createAt: ctx.now(),
    msgtype: 'text',
    // In groups the @Bot token is stripped, leaving a leading space (§2).
    text: { content: atBot ? ` ${m.text}` : m.text },
    atUsers: atBot ? [{ dingtalkId: chatbotUserId }] : [],
    isInAtList: atBot,
    sessionWebhook: session.url,
    sessionWebhookExpiredTime: session.expiresAt,
  };
}

export function pushRobotMessage(ctx: EmulatorContext, gw: Gateway, m: RobotMessageInput) {
  const data = robotMessageData(ctx, m);
  const frame = gw.push('CALLBACK', ROBOT_TOPIC, data);
  return { messageId: frame.messageId, msgId: data.msgId, sessionWebhook: data.sessionWebhook, data };
}

export interface ClickInput {
  outTrackId: string;
  userId: string;
  actionIds: string[];
  params: Record<string, unknown>;
}

export interface ClickResult {
  acked: boolean;
  response?: unknown;
  /** The ack came after the deadline: DingTalk has already given up, the response is not applied. */
  late: boolean;
}

interface CallbackResponse {
  cardData?: { cardParamMap?: ParamMap };
  userPrivateData?: { cardParamMap?: ParamMap };
}

export async function clickCard(ctx: EmulatorContext, gw: Gateway, c: ClickInput): Promise<ClickResult> {
  const card = ctx.state.cards.get(c.outTrackId);
  if (!card) throw new Error(`unknown card ${c.outTrackId}`);
  if (card.callbackType !== 'STREAM') throw new Error('HTTP card callbacks are not emulated');
  const data = {
    type: 'actionCallback',
    outTrackId: c.outTrackId,
    corpId: CORP_ID,
    userId: c.userId,
    userIdType: 1,
    spaceType: 'IM_GROUP',
    spaceId: card.spaces[0]?.spaceId ?? '',
    extension: '{}',
    content: JSON.stringify({ cardPrivateData: { actionIds: c.actionIds, params: c.params } }),
  };
  const deadline = ctx.opts.cardCallbackDeadlineMs;
  const started = Date.now(); // wall time: the deadline is about the client's real responsiveness
  const frame = gw.push('CALLBACK', CARD_TOPIC, data);
  const ack = await gw.waitAck(frame.messageId, ctx.opts.cardAckWaitMs);
  const late = ack === null || Date.now() - started > deadline;
  const response = ack ? parseResponse(ack.data) : undefined;
  const acked = ack?.code === 200;
  if (acked && !late && response) applyToClicker(card, c.userId, response as CallbackResponse);
  card.clicks.push({
    at: ctx.now(),
    userId: c.userId,
    actionIds: c.actionIds,
    params: c.params,
    acked,
    late,
  });
  return response === undefined ? { acked, late } : { acked, response, late };
}

/** cardData from a callback reaches only the clicking user (message-card-sending-and-updating NOTE). */
function applyToClicker(card: CardRecord, userId: string, r: CallbackResponse): void {
  card.clickerView[userId] = { ...card.clickerView[userId], ...r.cardData?.cardParamMap };
  card.privateData[userId] = { ...card.privateData[userId], ...r.userPrivateData?.cardParamMap };
}

function parseResponse(data: string | undefined): unknown {
  try {
    const parsed = JSON.parse(data ?? 'null') as { response?: unknown } | null;
    return parsed?.response ?? undefined;
  } catch {
    return undefined;
  }
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('base64').slice(0, 22);
}
