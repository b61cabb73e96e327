// HTTP-mode robot (§6): instead of a Stream frame, DingTalk POSTs the §2 message to the app's URL with
// headers `timestamp` (ms) and `sign` = base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret)).
// A reply message in the HTTP response is shown in the group, like a sessionWebhook reply.
import { createHmac } from 'node:crypto';
import type { EmulatorContext } from './context.js';
import { parseWebhookMessage } from './webhook-message.js';
import { robotMessageData, type RobotMessageInput } from './stream-drivers.js';

export interface RobotHttpOverrides {
  /** Defaults to the emulator's now. */
  timestamp?: number;
  /** Defaults to the correct signature with the app secret. */
  sign?: string;
  /** A raw body instead of the JSON payload (malformed or oversized bodies). */
  body?: string;
}

export function robotCallbackSign(appSecret: string, timestamp: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Records the HTTP answer as shown in the group when it is a message (not `{"msgtype":"empty"}`). */
function show(ctx: EmulatorContext, conversationId: string, body: unknown): boolean {
  if ((body as { msgtype?: unknown } | null)?.msgtype === 'empty') return false;
  try {
    const m = parseWebhookMessage(body);
    ctx.state.webhookMessages.push({
      at: ctx.now(),
      via: 'reply',
      conversationId,
      body: body as Record<string, unknown>,
      ...m,
    });
    return true;
  } catch {
    return false;
  }
}

export async function postRobotMessage(
  ctx: EmulatorContext,
  url: string,
  m: RobotMessageInput,
  o: RobotHttpOverrides = {},
) {
  const data = robotMessageData(ctx, m);
  const timestamp = String(o.timestamp ?? ctx.now());
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      timestamp,
      sign: o.sign ?? robotCallbackSign(ctx.opts.clientSecret, timestamp),
    },
    body: o.body ?? JSON.stringify(data),
  });
  const body = parse(await res.text());
  const shown = res.status === 200 && show(ctx, m.conversationId, body);
  return { status: res.status, body, shown, msgId: data.msgId, sessionWebhook: data.sessionWebhook, data };
}
