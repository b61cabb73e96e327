// Answers to robot messages (§2): POST the message's sessionWebhook (no token needed); when it has
// expired (errcode 300001), is missing, or does not point at DingTalk's oapi host, send a 1:1 message
// through oToMessages/batchSend (§4.2) instead. Outcomes, never exceptions; URLs are never logged.
import type { Reply } from '../../../src/actions/types.js';
import type { DingtalkConfig } from '../../../src/config/types.js';
import type { Clock } from '../../../src/lib/clock.js';
import type { Logger } from '../../../src/lib/logger.js';
import { createApiClient, type ApiClient } from '../api-client.js';
import type { RobotOrigin } from './normalise.js';
import { replyMarkdown, replyMessage } from './reply-text.js';

export type ReplyOutcome = 'session' | 'direct' | 'failed';

export interface RobotReplierDeps {
  config: DingtalkConfig;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Shared with the notifier when the composition root has one (one token cache per app). */
  api?: ApiClient;
}

const SESSION_EXPIRED = 300001;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function createRobotReplier(deps: RobotReplierDeps) {
  const { config, clock, log } = deps;
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 5_000;
  const api = deps.api ?? createApiClient({ config, clock, fetch: doFetch, timeoutMs });
  const oapi = originOf(config.oapiBase);

  /** The session URL is taken from the payload: only DingTalk's own host is ever called (no SSRF). */
  const usable = (o: RobotOrigin): o is RobotOrigin & { sessionWebhook: string } =>
    o.sessionWebhook !== null &&
    originOf(o.sessionWebhook) === oapi &&
    (o.sessionWebhookExpiresAt === null || o.sessionWebhookExpiresAt > clock.now().getTime());

  async function viaSession(url: string, body: unknown): Promise<'ok' | 'expired' | 'failed'> {
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const b = (await res.json().catch(() => null)) as { errcode?: unknown } | null;
      if (res.status === 200 && b?.errcode === 0) return 'ok';
      if (b?.errcode === SESSION_EXPIRED) return 'expired';
      log.warn({ status: res.status, errcode: b?.errcode ?? null }, 'dingtalk sessionWebhook reply refused');
    } catch (err) {
      log.warn({ error: (err as Error).name }, 'dingtalk sessionWebhook reply failed');
    }
    return 'failed';
  }

  async function direct(staffId: string, reply: Reply): Promise<ReplyOutcome> {
    const robotCode = config.app?.robotCode;
    if (!robotCode) return 'failed';
    const r = await api.api('oToMessages', 'POST', '/v1.0/robot/oToMessages/batchSend', {
      robotCode,
      userIds: [staffId],
      msgKey: 'sampleMarkdown',
      msgParam: JSON.stringify(replyMarkdown(reply, null)),
    });
    if (!r.ok) log.warn({ reason: r.failure.reason }, 'dingtalk 1:1 reply failed');
    return r.ok ? 'direct' : 'failed';
  }

  /** Never throws. */
  async function send(origin: RobotOrigin, reply: Reply): Promise<ReplyOutcome> {
    if (usable(origin)) {
      const r = await viaSession(origin.sessionWebhook, replyMessage(reply, origin.staffId));
      if (r === 'ok') return 'session';
      if (r === 'failed') return 'failed';
    }
    if (!origin.staffId) return 'failed';
    return direct(origin.staffId, reply).catch(() => 'failed' as const);
  }

  return { send };
}

export type RobotReplier = ReturnType<typeof createRobotReplier>;
