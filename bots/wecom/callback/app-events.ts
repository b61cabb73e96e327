// The self-built app's decrypted XML (wecom.md §4.1, §5.1) → PlatformEvent, and the passive replies
// (path/96469): update_button for the clicked card, text for a typed message.
import type { PlatformEvent } from '../../../src/actions/types.js';
import { truncateUtf8 } from '../text.js';
import { plainText, TEXT_MAX_BYTES } from './messenger.js';
import { documentOf } from './xml.js';

export type AppEvent = PlatformEvent & { kind: 'button' | 'text' };

function present(fields: Record<string, string>, ...names: string[]): boolean {
  return names.every((n) => (fields[n] ?? '').trim() !== '');
}

/**
 * A card button click or a typed text; null for everything else (other events, images, menu clicks).
 * A click's eventId is FromUserName|CreateTime|EventKey|TaskId (no MsgId on events, wecom.md §3.3); `|` is
 * outside the userid and task_id alphabets, so the parts cannot run into each other.
 */
export function appEventOf(fields: Record<string, string>, receivedAt: Date): AppEvent | null {
  const from = (fields.FromUserName ?? '').trim();
  const base = {
    platform: 'wecom' as const,
    actor: { platformUserId: from, name: null },
    chat: { type: 'single' as const, id: null },
    receivedAt,
  };
  const msgType = fields.MsgType;
  if (msgType === 'event' && fields.Event === 'template_card_event') {
    if (!present(fields, 'FromUserName', 'CreateTime', 'EventKey', 'TaskId')) return null;
    const { CreateTime: at, EventKey: key, TaskId: taskId, ResponseCode: code } = fields;
    return {
      ...base,
      kind: 'button',
      eventId: [from, at, key, taskId].join('|'),
      buttonKey: key,
      card: code ? { taskId, responseCode: code } : { taskId },
    };
  }
  if (msgType === 'text') {
    if (!present(fields, 'FromUserName', 'MsgId')) return null;
    return { ...base, kind: 'text', eventId: String(fields.MsgId).trim(), text: fields.Content ?? '' };
  }
  return null;
}

interface Addressed {
  userid: string;
  corpId: string;
  createTime: number;
}

/** Greys out the clicked button for the person who clicked (path/90241). */
export function updateButtonXml(to: Addressed, replaceName: string): string {
  return documentOf({
    ToUserName: to.userid,
    FromUserName: to.corpId,
    CreateTime: to.createTime,
    MsgType: 'update_button',
    Button: { ReplaceName: truncateUtf8(replaceName, 128) },
  });
}

export function textReplyXml(to: Addressed, text: string): string {
  return documentOf({
    ToUserName: to.userid,
    FromUserName: to.corpId,
    CreateTime: to.createTime,
    MsgType: 'text',
    Content: truncateUtf8(plainText(text), TEXT_MAX_BYTES),
  });
}
