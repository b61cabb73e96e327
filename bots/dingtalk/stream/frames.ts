// The Stream wire format (dingtalk.md §1.3–§1.5): downstream frames are one JSON text message each with
// string headers and `data` as a JSON string; every ack echoes the frame's messageId.
export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';
export const CARD_TOPIC = '/v1.0/card/instances/callback';

/** What connections/open subscribes: every EVENT (the only valid EVENT topic is "*") and our two callbacks. */
export const SUBSCRIPTIONS = [
  { type: 'EVENT', topic: '*' },
  { type: 'CALLBACK', topic: ROBOT_TOPIC },
  { type: 'CALLBACK', topic: CARD_TOPIC },
] as const;

export interface Frame {
  type: 'SYSTEM' | 'EVENT' | 'CALLBACK';
  headers: { messageId: string; topic: string; [key: string]: string };
  /** JSON string, as on the wire. */
  data: string;
}

/** A frame, or null for anything that is not one (the gateway's extra frame types are tolerated). */
export function parseFrame(raw: string): Frame | null {
  let f: unknown;
  try {
    f = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof f !== 'object' || f === null) return null;
  const { type, headers, data } = f as Record<string, unknown>;
  if (type !== 'SYSTEM' && type !== 'EVENT' && type !== 'CALLBACK') return null;
  if (typeof headers !== 'object' || headers === null) return null;
  const h: Record<string, string> = {};
  // Scalars only: String() of an object can throw ({"toString": {}}), and a header is never an object.
  for (const [k, v] of Object.entries(headers)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') h[k] = String(v);
  }
  return {
    type,
    headers: { ...h, messageId: h.messageId ?? '', topic: h.topic ?? '' },
    data: typeof data === 'string' ? data : JSON.stringify(data ?? null),
  };
}

/** The ack (§1.5): code 200, the frame's messageId, and `data` as a JSON string. */
export function ack(messageId: string, data: string): string {
  return JSON.stringify({
    code: 200,
    headers: { messageId, contentType: 'application/json' },
    message: 'OK',
    data,
  });
}

/** A CALLBACK ack: `{"response": …}` (null for robot messages, the card update for card callbacks). */
export const callbackAck = (messageId: string, response: unknown) =>
  ack(messageId, JSON.stringify({ response }));

/** An EVENT ack: we do not consume events, so every one is acknowledged as handled. */
export const eventAck = (messageId: string) =>
  ack(messageId, JSON.stringify({ status: 'SUCCESS', message: 'OK' }));

/** A JSON object from a JSON string (or an object already), else null. */
export function jsonObject(v: unknown): Record<string, unknown> | null {
  let o = v;
  if (typeof v === 'string') {
    try {
      o = JSON.parse(v);
    } catch {
      return null;
    }
  }
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>) : null;
}
