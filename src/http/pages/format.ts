// Page-only formatting on top of the card helpers (src/notify/render): full Beijing date-times, alert
// state words, event details. Every Chinese word comes from labels.yaml or templates/pages/labels.yaml.
import { parseYuanToFen } from '../../domain/money.js';
import { formatMoney, formatShanghai } from '../../notify/render/format.js';
import { fill, wordFor, type Labels } from '../../notify/render/labels.js';
import { maskFreeText, regionOf } from '../../notify/render/mask.js';
import { resolveReasonZh } from '../../notify/render/resolve-reason.js';
import type { PageAlert } from '../../store/page-read.js';
import type { PageLabels } from './page-templates.js';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant as Beijing wall time with the year: "2026-11-22 18:05"; null stays null. */
export function fullTime(d: Date | null): string | null {
  if (d === null) return null;
  const year = new Date(d.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
  return `${year}-${formatShanghai(d)}`;
}

/** Province, city, district and street, in full (behind the signed link only). */
export function fullAddress(a: {
  province: string | null;
  city: string | null;
  district: string | null;
  detail: string | null;
}): string | null {
  const parts = [regionOf([a.province, a.city, a.district]), (a.detail ?? '').trim() || null];
  const kept = parts.filter((p): p is string => p !== null);
  return kept.length === 0 ? null : kept.join(' ');
}

export function ruleName(labels: Labels, rule: string): string {
  return labels.rules[rule]?.name ?? rule;
}

/** What the chat cards call an alert's state: 待处理 / 张三 已认领 / 已恢复. */
export function alertView(labels: Labels, a: PageAlert) {
  const state =
    a.state === 'open'
      ? labels.status.open
      : a.state === 'claimed'
        ? a.claimedBy
          ? fill(labels.status.claimed, { name: a.claimedBy })
          : labels.status.claimedNobody
        : labels.status.resolvedPlain;
  return {
    rule: ruleName(labels, a.rule),
    severity: wordFor(labels.severity, a.severity),
    severityKey: a.severity,
    state,
    stateKey: a.state,
    openedAt: fullTime(a.openedAt),
    resolvedAt: fullTime(a.resolvedAt),
    reason: a.state === 'resolved' ? resolveReasonZh(a.resolveReason, labels) : null,
  };
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null;

/** Buyer-written event fields whose long numbers (phones) are masked unless the link reveals them. */
const FREE_TEXT_FIELDS = new Set(['text', 'reason']);
const FREE_TEXT_MAX = 500;

function fieldValue(labels: Labels, key: string, v: unknown, reveal: boolean): string | null {
  if (key === 'amount') {
    const fen = parseYuanToFen(v);
    return fen.ok ? formatMoney(fen.fen, labels) : str(v);
  }
  if (key === 'status') return str(v) && wordFor(labels.scanStatus, str(v)!);
  if (key === 'address' && typeof v === 'object' && v !== null) {
    const a = v as Record<string, unknown>;
    if (!reveal) return regionOf([str(a.province), str(a.city), str(a.district)]);
    return fullAddress({
      province: str(a.province),
      city: str(a.city),
      district: str(a.district),
      detail: str(a.detail),
    });
  }
  const text = str(v);
  return text !== null && !reveal && FREE_TEXT_FIELDS.has(key) ? maskFreeText(text, FREE_TEXT_MAX) : text;
}

/**
 * An event's data as "快递公司：顺丰" lines, in the order labels.yaml names the fields; a new address cut
 * to its region and buyer text with numbers masked unless `reveal`.
 */
export function eventFacts(
  labels: Labels,
  page: PageLabels,
  data: Record<string, unknown>,
  reveal = true,
): string[] {
  return Object.entries(page.field).flatMap(([key, label]) => {
    const value = Object.hasOwn(data, key) ? fieldValue(labels, key, data[key], reveal) : null;
    return value === null ? [] : [fill(labels.preview.fact, { label, value })];
  });
}
