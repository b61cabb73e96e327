// Many alerts folded into one card when a robot's budget is spent (DESIGN.md §3.6): digest.hbs over
// per-group lines ("hz-1 仓 · 待拣货超时 × 37") with a few example orders each.
import type { CardModel } from '../card-model.js';
import { ruleName } from './alert-view.js';
import { formatShanghai } from './format.js';
import { fill, wordFor, type Labels } from './labels.js';
import { fitParts } from './limits.js';
import { maskFreeText } from './mask.js';
import { previewText } from './preview.js';
import type { TemplateStore } from './template-store.js';
import type { DigestCardInput, DigestGroup } from './types.js';

export const DIGEST_EXAMPLES_PER_LINE = 3;
const EXAMPLE_SUMMARY_MAX_CHARS = 40;

function groupView(g: DigestGroup, labels: Labels) {
  return {
    count: g.count,
    ruleName: g.resolved
      ? `${ruleName(g.rule, labels)}（${labels.status.resolvedPlain}）`
      : ruleName(g.rule, labels),
    where:
      g.warehouse === null
        ? labels.words.noWarehouse
        : fill(labels.words.warehouse, { warehouse: g.warehouse }),
    examples: g.examples.slice(0, DIGEST_EXAMPLES_PER_LINE).map((e) => ({
      externalId: e.externalId,
      channel: wordFor(labels.channel, e.channel),
      // Summaries come from stored alerts; mask them like any text that might hold a buyer's number.
      note: maskFreeText(e.summary, EXAMPLE_SUMMARY_MAX_CHARS),
    })),
  };
}

export function buildDigestCard(input: DigestCardInput, store: TemplateStore, now: Date): CardModel {
  const { labels } = store;
  const view = {
    total: input.total,
    team: input.team === null ? '' : fill(labels.words.team, { team: input.team }),
    groups: input.groups.map((g) => groupView(g, labels)),
  };
  const parts = fitParts(store.render('digest', view), labels.words.ellipsis);
  const card: Omit<CardModel, 'preview'> = {
    variant: 'digest',
    alertId: null,
    severity: null,
    colour: 'orange',
    title: parts.title,
    summary: parts.summary,
    status: labels.status.digest,
    facts: parts.facts,
    buttons: [],
    link: { label: labels.link.list, url: input.listUrl },
    mentions: input.mentions.map((m) => ({ ...m })),
    digest: { total: input.total, lines: parts.lines },
    renderedAt: formatShanghai(now),
  };
  return { ...card, preview: previewText(card, null, labels) };
}
