// The block helpers templates fill a card with. A template's string output is thrown away: each helper
// renders its block and files the text under a part of the card, e.g.
//   {{#title}}待拣货超时 · {{order.externalId}}{{/title}}
//   {{#summary}}付款已 {{d.waited}}，仍未拣货{{/summary}}
//   {{#fact "仓库"}}{{order.warehouse}}{{/fact}}
//   {{#line count=count}}{{where}} · {{ruleName}}{{/line}} {{#example}}{{externalId}}{{/example}}
import type Handlebars from 'handlebars';
import type { CardFact, DigestLine } from '../card-model.js';

export interface CardParts {
  title: string;
  summary: string;
  facts: CardFact[];
  lines: DigestLine[];
}

export const PART_HELPERS = ['title', 'summary', 'fact', 'line', 'example'] as const;

type HelperOptions = Handlebars.HelperOptions & { data: { card?: CardParts } };

export function emptyParts(): CardParts {
  return { title: '', summary: '', facts: [], lines: [] };
}

/**
 * Block text on one line, each run of whitespace one space. Prettier (glimmer) reflows long template lines at
 * spaces, so a line break in a template always stands for a space that was there.
 */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function partsOf(options: HelperOptions): CardParts {
  const card = options.data.card;
  if (card === undefined) throw new Error('card part helper used outside a card render');
  return card;
}

/** Registers the part helpers on a Handlebars environment (one per renderer, never the global one). */
export function registerPartHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('title', function (this: unknown, options: HelperOptions) {
    partsOf(options).title = oneLine(options.fn(this));
    return '';
  });
  hb.registerHelper('summary', function (this: unknown, options: HelperOptions) {
    partsOf(options).summary = oneLine(options.fn(this));
    return '';
  });
  hb.registerHelper('fact', function (this: unknown, label: unknown, options: HelperOptions) {
    if (typeof label !== 'string') throw new Error('{{#fact}} needs a quoted label: {{#fact "仓库"}}');
    partsOf(options).facts.push({ label, value: oneLine(options.fn(this)) });
    return '';
  });
  hb.registerHelper('line', function (this: unknown, options: HelperOptions) {
    const count = Number(options.hash.count ?? 0);
    partsOf(options).lines.push({ label: oneLine(options.fn(this)), count, examples: [] });
    return '';
  });
  hb.registerHelper('example', function (this: unknown, options: HelperOptions) {
    const line = partsOf(options).lines.at(-1);
    if (line === undefined) throw new Error('{{#example}} must follow a {{#line}}');
    line.examples.push(oneLine(options.fn(this)));
    return '';
  });
}
