// Platform payloads → PlatformEvent (DESIGN.md §3 invariant 4): the robot message callback (§2) and the
// card action callback (§3.3). Parsing is defensive: a field of the wrong type is treated as absent.
import { createHash } from 'node:crypto';
import type { PlatformEvent } from '../../../src/actions/types.js';
import { jsonObject } from './frames.js';

type Obj = Record<string, unknown>;

const str = (o: Obj | null | undefined, k: string): string | null => {
  const v = o?.[k];
  return typeof v === 'string' && v.trim() !== '' ? v : null; // a blank id would dedupe unrelated messages
};

/** Where to answer a robot message: its sessionWebhook (with expiry) and the sender to @. */
export interface RobotOrigin {
  sessionWebhook: string | null;
  sessionWebhookExpiresAt: number | null;
  staffId: string | null;
}

/** The typed text: `text.content`, or the text parts of a richText message; null for other msgtypes. */
function messageText(d: Obj): string | null {
  if (d.msgtype === 'text') return str(jsonObject(d.text), 'content');
  if (d.msgtype === 'richText') {
    const parts = jsonObject(d.content)?.richText;
    if (!Array.isArray(parts)) return null;
    return parts.map((p) => str(jsonObject(p), 'text') ?? '').join('');
  }
  return null;
}

/**
 * A robot message (§2) as a text event, or null when there is nothing to act on (pictures, audio, the
 * over-quota push without text). The group @ leaves a leading space, hence the trim.
 */
export function robotMessageEvent(
  d: Obj,
  receivedAt: Date,
): { event: PlatformEvent; origin: RobotOrigin } | null {
  const text = messageText(d)?.trim();
  const msgId = str(d, 'msgId');
  const user = str(d, 'senderStaffId') ?? str(d, 'senderId');
  if (!text || !msgId || !user) return null;
  const expires = d.sessionWebhookExpiredTime;
  const event: PlatformEvent = {
    platform: 'dingtalk',
    eventId: msgId,
    actor: { platformUserId: user, name: str(d, 'senderNick') },
    kind: 'text',
    text,
    chat: { type: d.conversationType === '2' ? 'group' : 'single', id: str(d, 'conversationId') },
    receivedAt,
  };
  const origin: RobotOrigin = {
    sessionWebhook: str(d, 'sessionWebhook'),
    sessionWebhookExpiresAt: typeof expires === 'number' ? expires : null,
    staffId: str(d, 'senderStaffId'),
  };
  return { event, origin };
}

/** Button params: under `content` or `value`, inside `cardPrivateData` or beside it (§3.3). */
function buttonParams(d: Obj): { params: Obj; actionIds: unknown[] } {
  const inner = jsonObject(d.content) ?? jsonObject(d.value) ?? {};
  const priv = jsonObject(inner.cardPrivateData) ?? {};
  const params = { ...jsonObject(inner.params), ...jsonObject(priv.params) };
  const actionIds = Array.isArray(priv.actionIds) ? priv.actionIds : [];
  return { params, actionIds };
}

/** Our buttons carry {action, alertId, key}; key is `ow1.<action>.<alertId>`. */
function buttonKey(params: Obj, actionIds: unknown[]): string | null {
  const key = str(params, 'key');
  if (key) return key;
  const action = str(params, 'action') ?? (typeof actionIds[0] === 'string' ? actionIds[0] : null);
  const alertId = str(params, 'alertId');
  return action && alertId ? `ow1.${action}.${alertId}` : null;
}

/**
 * A card click (§3.3) as a button event, or null when it is not one of our buttons. eventId is the
 * frame's messageId, which the gateway keeps across redeliveries (§1.6); without one, a hash of the
 * payload (equally stable across redeliveries of the same click).
 */
export function cardCallbackEvent(d: Obj, messageId: string, receivedAt: Date): PlatformEvent | null {
  const { params, actionIds } = buttonParams(d);
  const key = buttonKey(params, actionIds);
  const userId = str(d, 'userId');
  if (!key || !userId) return null;
  const spaceType = str(d, 'spaceType');
  const single = spaceType === 'IM_ROBOT' || spaceType === 'IM_SINGLE';
  const outTrackId = str(d, 'outTrackId');
  return {
    platform: 'dingtalk',
    eventId:
      messageId.trim() || `card:${createHash('sha256').update(JSON.stringify(d)).digest('hex').slice(0, 32)}`,
    actor: { platformUserId: userId, name: null },
    kind: 'button',
    buttonKey: key,
    chat: { type: single ? 'single' : 'group', id: str(d, 'spaceId') },
    ...(outTrackId ? { card: { outTrackId } } : {}),
    receivedAt,
  };
}
