// createCardRenderer: templates and labels loaded once, then alerts and digests in, CardModels out.
import type { CardModel } from '../card-model.js';
import { buildAlertCard, type RenderContext } from './alert-card.js';
import { buildDigestCard } from './digest-card.js';
import { hasRuleView } from './rule-views.js';
import { loadTemplateStore, type TemplateStore } from './template-store.js';
import type { AlertCardInput, CardRenderer, CardRendererDeps, DigestCardInput } from './types.js';

export const DEFAULT_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Rule ids lacking something a card needs: a template, a name in labels.yaml, a view of its details. */
export function rulesMissingTemplates(store: TemplateStore, ruleIds: readonly string[]): string[] {
  return ruleIds.filter((id) => !store.has(id) || store.labels.rules[id] === undefined || !hasRuleView(id));
}

export function createCardRenderer(deps: CardRendererDeps): CardRenderer {
  const store = loadTemplateStore(deps.templatesDir);
  const base = deps.publicUrl.replace(/\/+$/, '');
  const ttl = deps.linkTtlMs ?? DEFAULT_LINK_TTL_MS;
  const context = (): RenderContext => ({
    store,
    now: deps.clock.now(),
    orderLink: (orderId) => ({
      label: store.labels.link.order,
      url: `${base}/o/${deps.linkSigner.sign(orderId, ttl)}`,
    }),
  });
  return {
    renderAlert: (input: AlertCardInput): CardModel => buildAlertCard(input, context()),
    renderDigest: (input: DigestCardInput): CardModel => buildDigestCard(input, store, deps.clock.now()),
    assertTemplatesFor(ruleIds) {
      const missing = rulesMissingTemplates(store, ruleIds);
      if (missing.length === 0) return;
      throw new Error(
        `card templates missing for rules: ${missing.join(', ')} ` +
          `(each needs ${deps.templatesDir}/<rule>.hbs and rules.<rule>.name in labels.yaml)`,
      );
    },
  };
}
