// Sizes the platforms impose or suggest (WeCom template_card: main_title, sub_title_text, keyname).
import type { CardParts } from './card-parts.js';
import { truncate } from './format.js';

export const MAX_TITLE_CHARS = 36;
export const MAX_SUMMARY_CHARS = 160;
export const MAX_FACTS = 6;
export const MAX_FACT_LABEL_CHARS = 5;
export const MAX_FACT_VALUE_CHARS = 64;
export const MAX_DIGEST_EXAMPLE_CHARS = 60;

/** Cuts data-dependent text (a long remark, an order id) to fit; the number of facts is the templates' job. */
export function fitParts(parts: CardParts, ellipsis: string): CardParts {
  return {
    title: truncate(parts.title, MAX_TITLE_CHARS, ellipsis),
    summary: truncate(parts.summary, MAX_SUMMARY_CHARS, ellipsis),
    facts: parts.facts.map((f) => ({
      label: f.label,
      value: truncate(f.value, MAX_FACT_VALUE_CHARS, ellipsis),
    })),
    lines: parts.lines.map((l) => ({
      ...l,
      examples: l.examples.map((e) => truncate(e, MAX_DIGEST_EXAMPLE_CHARS, ellipsis)),
    })),
  };
}
