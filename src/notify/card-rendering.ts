// Adapts the template renderer to what the delivery pipeline asks for: alert rows as they come from the
// store, and digests as the pipeline folded them (with a signed link listing every folded alert).
import type { CardRendering } from './deliver-one.js';
import type { CardRenderer } from './render/index.js';

export function toCardRendering(
  renderer: CardRenderer,
  digestListUrl: (digestId: string) => string,
): CardRendering {
  return {
    renderAlert: ({ variant, alert, order, mentions }) =>
      renderer.renderAlert({ variant, alert, order, mentions }),
    renderDigest: ({ team, digestId, payload, mentions }) =>
      renderer.renderDigest({
        team,
        total: payload.total,
        groups: payload.groups,
        listUrl: digestListUrl(digestId),
        mentions,
      }),
  };
}
