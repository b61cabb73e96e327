// Composition (part of src/main.ts): notifiers for the configured platforms, the card renderer and the
// delivery pipeline over the outbox.
import { fileURLToPath } from 'node:url';
import { createDingtalkNotifier } from '../../bots/dingtalk/notifier.js';
import { createWecomNotifier } from '../../bots/wecom/index.js';
import type { Config } from '../config/index.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { LinkSigner } from '../lib/signed-link.js';
import { toCardRendering } from '../notify/card-rendering.js';
import { createDeliveryService, type DeliveryService } from '../notify/delivery-service.js';
import type { CardModel } from '../notify/card-model.js';
import type { Notifier } from '../notify/notifier.js';
import { createCardRenderer } from '../notify/render/index.js';
import { createTargetResolver } from '../notify/targets.js';
import { RULES } from '../rules/catalogue/index.js';
import type { DeliveryStore } from '../store/delivery-store.js';

const LINK_TTL_MS = 7 * 86_400_000;

function renderer(config: Config, linkSigner: LinkSigner) {
  const r = createCardRenderer({
    templatesDir: fileURLToPath(new URL('../../templates/cards', import.meta.url)),
    publicUrl: config.http.publicUrl,
    clock: systemClock,
    linkSigner,
  });
  r.assertTemplatesFor(RULES.map((rule) => rule.id));
  return r;
}

/** An alert's current card, for answers that show it (a `show` in a WeCom AI-bot group). */
export function createCardLookup(config: Config, deliveries: DeliveryStore, linkSigner: LinkSigner) {
  const cards = renderer(config, linkSigner);
  return async (alertId: string): Promise<CardModel | null> => {
    const source = (await deliveries.cardSources([alertId], 'answer')).get(alertId);
    if (!source) return null;
    const variant = source.alert.state === 'resolved' ? 'resolved' : 'alert';
    return cards.renderAlert({ variant, alert: source.alert, order: source.order, mentions: [] });
  };
}

export function createDelivery(
  config: Config,
  deliveries: DeliveryStore,
  linkSigner: LinkSigner,
  log: Logger,
  onResult: (e: { channel: string; kind: string; result: string }) => void,
): DeliveryService {
  const clock = systemClock;
  const requestTimeoutMs = config.delivery.platformTimeoutMs;
  const notifiers: Notifier[] = [];
  const wecomGroups = config.wecom.webhookKey || config.teams.some((t) => t.wecomWebhookKey);
  if (config.wecom.app || wecomGroups) {
    notifiers.push(createWecomNotifier({ config: config.wecom, clock, log, requestTimeoutMs }));
  }
  if (config.dingtalk.app || config.dingtalk.webhook) {
    notifiers.push(createDingtalkNotifier({ config: config.dingtalk, clock, log, requestTimeoutMs }));
  }
  const cards = renderer(config, linkSigner);
  const base = config.http.publicUrl.replace(/\/+$/, '');
  return createDeliveryService({
    store: deliveries,
    targets: createTargetResolver(config, new Set(notifiers.flatMap((n) => n.channels))),
    notifiers,
    renderer: toCardRendering(cards, (id) => `${base}/d/${linkSigner.sign(`digest:${id}`, LINK_TTL_MS)}`),
    clock,
    log,
    policy: { reserve: 4, lingerMs: config.delivery.digestWaitMs },
    retry: { baseMs: config.delivery.retryBaseMs, capMs: 5 * 60_000, maxAttempts: 10 },
    sendTimeoutMs: requestTimeoutMs,
    onResult,
  });
}
