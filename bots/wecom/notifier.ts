// createWecomNotifier: the Notifier port for WeCom (src/notify/notifier.ts). wecom_app when an app is configured,
// wecom_webhook always (the key comes with each destination, or the configured default).
import { createHash } from 'node:crypto';
import type { Clock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/logger.js';
import type { WecomConfig } from '../../src/config/types.js';
import type {
  ChannelKind,
  Destination,
  Notifier,
  SendOutcome,
  SendRequest,
  UpdateRequest,
} from '../../src/notify/notifier.js';
import { createAppChannel } from './app-channel.js';
import { failureOf, permanent } from './classify.js';
import { createWecomHttp, type WecomHttp } from './http.js';
import { buildWebhookMarkdown } from './markdown.js';

export interface WecomNotifierDeps {
  config: WecomConfig;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  /** Per request, connection to last byte; default 10 s. */
  requestTimeoutMs?: number;
}

function logged(log: Logger, channel: ChannelKind, op: string, outcome: SendOutcome): SendOutcome {
  if (outcome.ok) log.debug({ channel, op }, 'wecom delivered');
  else
    log.warn({ channel, op, retryable: outcome.retryable, reason: outcome.reason }, 'wecom delivery failed');
  return outcome;
}

/** The group robot: one markdown message per card; every key used is remembered for scrubbing. */
function createWebhookChannel(http: WecomHttp, defaultKey: string | null) {
  const keysSeen = new Set<string>(defaultKey ? [defaultKey] : []);
  return {
    secrets: () => [...keysSeen],
    async send(req: SendRequest, secrets: () => (string | null)[]): Promise<SendOutcome> {
      const key = req.destination.webhookKey ?? defaultKey;
      if (!key) return permanent('wecom_webhook: no robot key for this destination');
      keysSeen.add(key);
      const result = await http.call(
        'POST',
        '/cgi-bin/webhook/send',
        { key },
        buildWebhookMarkdown(req.card),
      );
      return result.kind === 'ok' ? { ok: true, ref: {} } : failureOf(result, secrets());
    },
    /** A picture (the daily report's chart): `image` {base64, md5} of the raw PNG, ≤ 2 MB (wecom.md §1). */
    async sendImage(
      req: { destination: Destination; png: Buffer },
      secrets: () => (string | null)[],
    ): Promise<SendOutcome> {
      const key = req.destination.webhookKey ?? defaultKey;
      if (!key) return permanent('wecom_webhook: no robot key for this destination');
      if (req.png.length > 2 * 1024 * 1024) return permanent('wecom_webhook: image over 2 MB');
      keysSeen.add(key);
      const image = {
        base64: req.png.toString('base64'),
        md5: createHash('md5').update(req.png).digest('hex'),
      };
      const result = await http.call('POST', '/cgi-bin/webhook/send', { key }, { msgtype: 'image', image });
      return result.kind === 'ok' ? { ok: true, ref: {} } : failureOf(result, secrets());
    },
  };
}

export function createWecomNotifier(
  deps: WecomNotifierDeps,
): Notifier & { sendImage(req: { destination: Destination; png: Buffer }): Promise<SendOutcome> } {
  const { config, log } = deps;
  const http = createWecomHttp({
    apiBase: config.apiBase,
    fetch: deps.fetch ?? globalThis.fetch,
    timeoutMs: deps.requestTimeoutMs ?? 10_000,
  });
  const webhook = createWebhookChannel(http, config.webhookKey);
  const app = config.app
    ? createAppChannel({ app: config.app, http, clock: deps.clock, log, secrets: webhook.secrets })
    : null;
  const secrets = () => [...webhook.secrets(), ...(app?.secrets() ?? [])];
  return {
    platform: 'wecom',
    channels: app ? ['wecom_app', 'wecom_webhook'] : ['wecom_webhook'],
    async send(req) {
      const channel = req.destination.channel;
      if (channel === 'wecom_webhook') return logged(log, channel, 'send', await webhook.send(req, secrets));
      if (channel === 'wecom_app' && app) return logged(log, channel, 'send', await app.send(req));
      return permanent(`wecom: channel ${channel} is not served by this configuration`);
    },
    async update(req: UpdateRequest) {
      const channel = req.destination.channel;
      if (channel === 'wecom_app' && app) return logged(log, channel, 'update', await app.update(req));
      return permanent(`wecom: ${channel} cards cannot be updated in place`, { notUpdatable: true });
    },
    updatesInPlace: (channel, ref) => channel === 'wecom_app' && app !== null && app.updatable(ref),
    async sendImage(req) {
      if (req.destination.channel !== 'wecom_webhook') {
        return permanent(`wecom: images go to the group robot only, not ${req.destination.channel}`);
      }
      return logged(log, 'wecom_webhook', 'image', await webhook.sendImage(req, secrets));
    },
  };
}
