// The DingTalk Notifier (src/notify/notifier.ts): interactive cards (createAndDeliver / PUT update),
// app-robot group markdown, and the signed custom-robot webhook. Outcomes, never exceptions.
import type { DingtalkConfig } from '../../src/config/types.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/logger.js';
import type {
  ChannelKind,
  Notifier,
  SendOutcome,
  SendRequest,
  UpdateRequest,
} from '../../src/notify/notifier.js';
import { createApiClient, type ApiClient } from './api-client.js';
import { sendDing, sendDirect } from './direct.js';
import type { Failure } from './classify.js';
import {
  buildCardUpdate,
  buildCreateAndDeliver,
  buildGroupMessage,
  buildWebhookMessage,
} from './payloads.js';

export interface DingtalkNotifierDeps {
  config: DingtalkConfig;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  /** New-API calls per second per API from this process; DingTalk's standard edition allows 20. */
  qpsLimit?: number;
}

const permanent = (reason: string, extra: Partial<Failure> = {}): Failure => ({
  ok: false,
  retryable: false,
  reason,
  ...extra,
});

interface DeliverResult {
  success?: boolean;
  carrierId?: string;
  errorMsg?: string;
}

async function sendCard(api: ApiClient, config: DingtalkConfig, req: SendRequest): Promise<SendOutcome> {
  const app = config.app;
  const cid = req.destination.conversationId;
  if (!app?.cardTemplateId) return permanent('dingtalk card: no card template configured');
  if (!cid) return permanent('dingtalk card: destination has no conversationId');
  const target = {
    outTrackId: req.idempotencyKey,
    cardTemplateId: app.cardTemplateId,
    conversationId: cid,
    robotCode: app.robotCode,
  };
  const r = await api.api(
    'createAndDeliver',
    'POST',
    '/v1.0/card/instances/createAndDeliver',
    buildCreateAndDeliver(req.card, target),
  );
  if (!r.ok) {
    if (r.code === 'param.cardAlreadyExist') {
      // The card exists under this outTrackId, so it can still be updated by it.
      return permanent(r.failure.reason, {
        duplicate: true,
        ref: { outTrackId: target.outTrackId, carrierId: null },
      });
    }
    return r.failure;
  }
  const results = ((r.body as { result?: { deliverResults?: DeliverResult[] } })?.result?.deliverResults ??
    []) as DeliverResult[];
  const failed = results.find((d) => d.success === false);
  if (failed)
    return permanent(
      `dingtalk createAndDeliver: not delivered: ${String(failed.errorMsg ?? 'unknown').slice(0, 200)}`,
    );
  return { ok: true, ref: { outTrackId: req.idempotencyKey, carrierId: results[0]?.carrierId ?? null } };
}

async function updateCard(api: ApiClient, req: UpdateRequest): Promise<SendOutcome> {
  const outTrackId = req.ref.outTrackId;
  if (typeof outTrackId !== 'string' || outTrackId === '') {
    return permanent('dingtalk card update: ref has no outTrackId', { notUpdatable: true });
  }
  const r = await api.api('updateCard', 'PUT', '/v1.0/card/instances', buildCardUpdate(req.card, outTrackId));
  if (!r.ok)
    return r.code === 'param.cardNotExist'
      ? { ...r.failure, retryable: false, notUpdatable: true }
      : r.failure;
  return { ok: true, ref: req.ref };
}

async function sendGroup(api: ApiClient, config: DingtalkConfig, req: SendRequest): Promise<SendOutcome> {
  const cid = req.destination.conversationId;
  if (!config.app) return permanent('dingtalk group: no app configured');
  if (!cid) return permanent('dingtalk group: destination has no conversationId');
  const r = await api.api(
    'groupMessages',
    'POST',
    '/v1.0/robot/groupMessages/send',
    buildGroupMessage(req.card, config.app.robotCode, cid),
  );
  if (!r.ok) return r.failure;
  const key = (r.body as { processQueryKey?: unknown } | null)?.processQueryKey;
  return { ok: true, ref: { processQueryKey: typeof key === 'string' ? key : null } };
}

async function sendWebhook(api: ApiClient, req: SendRequest): Promise<SendOutcome> {
  const r = await api.webhook(buildWebhookMessage(req.card, req.idempotencyKey));
  return r.ok ? { ok: true, ref: { msgUuid: req.idempotencyKey } } : r.failure;
}

function channelsOf(config: DingtalkConfig): ChannelKind[] {
  const out: ChannelKind[] = [];
  if (config.app?.cardTemplateId) out.push('dingtalk_card');
  if (config.app) out.push('dingtalk_group');
  if (config.webhook) out.push('dingtalk_webhook');
  if (config.app) out.push('dingtalk_direct');
  return out;
}

export function createDingtalkNotifier(deps: DingtalkNotifierDeps): Notifier {
  const { config, log } = deps;
  const api = createApiClient({
    config,
    clock: deps.clock,
    fetch: deps.fetch ?? globalThis.fetch,
    timeoutMs: deps.requestTimeoutMs ?? 10_000,
    qpsLimit: deps.qpsLimit,
  });
  const channels = channelsOf(config);
  const served = (c: ChannelKind) => channels.includes(c);

  /** Logs failures with the (already scrubbed) reason only: never the payload, URL or token. */
  const report = (op: string, channel: ChannelKind, out: SendOutcome): SendOutcome => {
    if (!out.ok)
      log.warn(
        { channel, retryable: out.retryable, throttledForMs: out.throttledForMs, reason: out.reason },
        `dingtalk ${op} failed`,
      );
    return out;
  };

  return {
    platform: 'dingtalk',
    channels,
    async send(req) {
      const ch = req.destination.channel;
      if (!served(ch)) return permanent(`dingtalk: channel ${ch} not configured`);
      if (ch === 'dingtalk_card') return report('send', ch, await sendCard(api, config, req));
      if (ch === 'dingtalk_group') return report('send', ch, await sendGroup(api, config, req));
      if (ch === 'dingtalk_direct') {
        return report('send', ch, await sendDirect(api, config, req.destination.users ?? [], req.card));
      }
      return report('send', ch, await sendWebhook(api, req));
    },
    updatesInPlace: (channel, ref) =>
      channel === 'dingtalk_card' &&
      served(channel) &&
      typeof ref.outTrackId === 'string' &&
      ref.outTrackId !== '',
    async update(req) {
      const ch = req.destination.channel;
      if (ch !== 'dingtalk_card' || !served(ch)) {
        return permanent(`dingtalk: ${ch} messages cannot be updated`, { notUpdatable: true });
      }
      return report('update', ch, await updateCard(api, req));
    },
    async ding(req) {
      return report('ding', 'dingtalk_direct', await sendDing(api, config, req.userIds, req.text));
    },
  };
}
