// The webhook message body (§4.3), shared by /robot/send and sessionWebhook replies: msgtype checks
// and which @-mentions would show highlighted (text/markdown must also contain "@id").
import { OapiError } from './errors.js';

export interface ParsedMessage {
  msgtype: string;
  atUserIds: string[];
  atMobiles: string[];
  isAtAll: boolean;
  highlighted: string[];
  msgUuid: string | null;
}

type Body = Record<string, unknown>;

const missing = (what: string) => new OapiError(40035, `缺少参数 ${what}`); // code for fields UNCONFIRMED

function str(o: unknown, key: string): string | null {
  const v = (o as Body | undefined)?.[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The text a mention must appear in, or null for msgtypes that cannot @ (link, feedCard). */
function checkBody(msgtype: unknown, b: Body): string | null {
  const part = typeof msgtype === 'string' ? (b[msgtype] as Body | undefined) : undefined;
  switch (msgtype) {
    case 'text':
      if (!str(part, 'content')) throw missing('text.content');
      return str(part, 'content');
    case 'markdown':
      if (!str(part, 'title') || !str(part, 'text')) throw missing('markdown.title/text');
      return str(part, 'text');
    case 'link':
      if (!str(part, 'title') || !str(part, 'text') || !str(part, 'messageUrl')) throw missing('link');
      return null;
    case 'actionCard': {
      const single = str(part, 'singleTitle') && str(part, 'singleURL');
      const btns = (part?.btns as unknown[] | undefined)?.length;
      if (!str(part, 'title') || !str(part, 'text') || (!single && !btns)) throw missing('actionCard');
      return str(part, 'text');
    }
    case 'feedCard': {
      const links = part?.links as Body[] | undefined;
      if (!links?.length || links.some((l) => !str(l, 'title') || !str(l, 'messageURL')))
        throw missing('feedCard');
      return null;
    }
    default:
      throw new OapiError(400105, '不支持的消息类型');
  }
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function parseWebhookMessage(raw: unknown): ParsedMessage {
  if (typeof raw !== 'object' || raw === null) throw new OapiError(40035, '缺少参数 json');
  const b = raw as Body;
  const text = checkBody(b.msgtype, b);
  const at = (b.at ?? {}) as Body;
  const atUserIds = text === null ? [] : stringList(at.atUserIds);
  const atMobiles = text === null ? [] : stringList(at.atMobiles);
  const highlighted = [...atUserIds, ...atMobiles].filter((id) => text?.includes(`@${id}`));
  return {
    msgtype: b.msgtype as string,
    atUserIds,
    atMobiles,
    isAtAll: text !== null && at.isAtAll === true,
    highlighted,
    msgUuid: typeof b.msgUuid === 'string' && b.msgUuid !== '' ? b.msgUuid : null,
  };
}
