// Composition (part of src/main.ts): the notifiers for the configured platforms and the team targets
// (shared by delivery, escalation and the daily report), the card renderer, and the delivery pipeline.
import { fileURLToPath } from 'node:url';
import { createDingtalkNotifier } from '../../bots/dingtalk/notifier.js';
import { createWecomNotifier } from '../../bots/wecom/index.js';
import type { Config } from '../config/index.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { LinkSigner } from '../lib/signed-link.js';
import type { CardModel } from '../notify/card-model.js';
import { toCardRendering } from '../notify/card-rendering.js';
import type { CardRendering } from '../notify/deliver-one.js';
import { createDeliveryService, type DeliveryService } from '../notify/delivery-service.js';
import type { Notifier } from '../notify/notifier.js';
import { createCardRenderer } from '../notify/render/index.js';
import { createTargetResolver, type TargetResolver } from '../notify/targets.js';
import { RULES } from '../rules/catalogue/index.js';
import type { DeliveryStore } from '../store/delivery-store.js';

const LINK_TTL_MS = 7 * 86_400_000;

export interface ChatOutputs {
  notifiers: Notifier[];
  targets: TargetResolver;
  rendering: CardRendering;
}

export function createChatOutputs(config: Config, linkSigner: LinkSigner, log: Logger): ChatOutputs {
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
  const cards = createCardRenderer({
    templatesDir: fileURLToPath(new URL('../../templates/cards', import.meta.url)),
    publicUrl: config.http.publicUrl,
    clock,
    linkSigner,
  });
  cards.assertTemplatesFor(RULES.map((rule) => rule.id));
  const base = config.http.publicUrl.replace(/\/+$/, '');
  return {
    notifiers,
    targets: createTargetResolver(config, new Set(notifiers.flatMap((n) => n.channels))),
    rendering: toCardRendering(cards, (id) => `${base}/d/${linkSigner.sign(`digest:${id}`, LINK_TTL_MS)}`),
  };
}

/** An alert's current card, for answers that show it (a `show` in a WeCom AI-bot group). */
export function createCardLookup(out: ChatOutputs, deliveries: DeliveryStore) {
  return async (alertId: string): Promise<CardModel | null> => {
    const source = (await deliveries.cardSources([alertId], 'answer')).get(alertId);
    if (!source) return null;
    const variant = source.alert.state === 'resolved' ? 'resolved' : 'alert';
    return out.rendering.renderAlert({ variant, alert: source.alert, order: source.order, mentions: [] });
  };
}

export function createDelivery(
  config: Config,
  out: ChatOutputs,
  deliveries: DeliveryStore,
  log: Logger,
  onResult: (e: { channel: string; kind: string; result: string }) => void,
): DeliveryService {
  return createDeliveryService({
    store: deliveries,
    targets: out.targets,
    notifiers: out.notifiers,
    renderer: out.rendering,
    clock: systemClock,
    log,
    policy: { reserve: 4, lingerMs: config.delivery.digestWaitMs },
    retry: { baseMs: config.delivery.retryBaseMs, capMs: 5 * 60_000, maxAttempts: 10 },
    sendTimeoutMs: config.delivery.platformTimeoutMs,
    onResult,
  });
}
