// What the card renderer takes and gives: an alert (with its order) or a digest in, a CardModel out.
import type { Clock } from '../../lib/clock.js';
import type { CardSource } from '../../store/delivery-read.js';
import type { CardModel, Mention } from '../card-model.js';

export type { AlertState } from '../../store/delivery-read.js';

/** An alert and its order as the store reads them (CardSource); the renderer masks customer fields. */
export interface AlertCardInput {
  variant: 'alert' | 'resolved' | 'escalated';
  alert: Omit<CardSource['alert'], 'updatedAt' | 'team'>;
  /** Raw customer fields: the renderer masks them before any template sees them. */
  order: CardSource['order'];
  mentions: Mention[];
}

export interface DigestGroup {
  rule: string;
  warehouse: string | null;
  /** These alerts had already cleared when they were folded. */
  resolved?: boolean;
  count: number;
  examples: { externalId: string; channel: string; summary: string }[];
}

export interface DigestCardInput {
  team: string | null;
  total: number;
  groups: DigestGroup[];
  /** Where all the folded alerts are listed. */
  listUrl: string;
  mentions: Mention[];
}

/** The part of signed-link.ts the renderer needs. */
export interface OrderLinkSigner {
  sign(orderId: string, ttlMs: number): string;
}

export interface CardRendererDeps {
  /** templates/cards: `<rule>.hbs`, resolved.hbs, escalated.hbs, digest.hbs, labels.yaml. */
  templatesDir: string;
  /** Base of the links put into cards (CONTRACT.md §2 PUBLIC_URL). */
  publicUrl: string;
  clock: Clock;
  linkSigner: OrderLinkSigner;
  /** How long an order link in a card stays valid; 7 days by default. */
  linkTtlMs?: number;
}

export interface CardRenderer {
  renderAlert(input: AlertCardInput): CardModel;
  renderDigest(input: DigestCardInput): CardModel;
  /** Throws, naming every rule id without a template (or without a name in labels.yaml). Call at start-up. */
  assertTemplatesFor(ruleIds: readonly string[]): void;
}
