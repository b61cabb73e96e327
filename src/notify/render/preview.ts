// The plain-text fallback of a card (notification previews, platforms without cards): ≤ 2048 bytes.
import type { CardModel } from '../card-model.js';
import { truncateBytes } from './format.js';
import { fill, type Labels } from './labels.js';

export const PREVIEW_MAX_BYTES = 2048;

/** Title (after a [tag] when given), summary, facts, digest lines, status: one per line. */
export function previewText(card: Omit<CardModel, 'preview'>, tag: string | null, labels: Labels): string {
  const p = labels.preview;
  const head = tag === null ? card.title : `${fill(p.tag, { tag })} ${card.title}`;
  const lines = [head, card.summary];
  for (const f of card.facts) lines.push(fill(p.fact, { label: f.label, value: f.value }));
  for (const line of card.digest?.lines ?? []) {
    lines.push(fill(p.line, { label: line.label, count: fill(labels.words.count, { count: line.count }) }));
    for (const example of line.examples) lines.push(fill(p.example, { example }));
  }
  lines.push(fill(p.status, { status: card.status }));
  const text = lines.filter((l) => l.trim() !== '').join('\n');
  return truncateBytes(text, PREVIEW_MAX_BYTES, labels.words.ellipsis);
}
