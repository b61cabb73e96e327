// The platform-neutral card: what every adapter renders into its own payload. Built from templates/
// (all text is Simplified Chinese from there); customer data in it is already masked.
import type { Severity } from '../rules/types.js';

export type CardVariant = 'alert' | 'resolved' | 'escalated' | 'digest';

/** Colour per state; adapters map it to what their platform offers (WeCom font colours, DingTalk colours). */
export type CardColour = 'red' | 'orange' | 'blue' | 'green' | 'grey';

/** The actions a card button can carry (CONTRACT.md §4 command ids). */
export type CardActionId =
  'claim' | 'resolve' | 'snooze' | 'hold' | 'release' | 'approve' | 'reject' | 'legit' | 'merge';

export interface CardFact {
  /** Short label, e.g. 仓库 (WeCom `keyname` suggests ≤ 5 characters). */
  label: string;
  value: string;
}

export interface CardButton {
  action: CardActionId;
  /** Button text from templates (≤ 10 characters suggested by WeCom). */
  label: string;
  style: 'primary' | 'danger' | 'default';
  /** Opaque, platform-safe, ≤ 1024 bytes: `ow1.<action>.<alertId>` — decoded by the interaction issue. */
  key: string;
}

/** A person to @-mention, with the id each platform knows them by. */
export interface Mention {
  name: string;
  wecom: string | null;
  dingtalk: string | null;
}

export interface DigestLine {
  /** e.g. "hz-1 仓 · 待拣货超时" */
  label: string;
  count: number;
  /** The first few orders, e.g. "TB20261122001 · 已付款 3小时" */
  examples: string[];
}

export interface CardModel {
  variant: CardVariant;
  /** Null for digests, which stand for many alerts. */
  alertId: string | null;
  severity: Severity | null;
  colour: CardColour;
  /** One line, ≤ 36 characters suggested (WeCom main_title). */
  title: string;
  /** Up to ~160 characters (WeCom sub_title_text). */
  summary: string;
  /** Current handling state in words, e.g. "待处理" / "张三 已认领" / "已恢复：已拣货". */
  status: string;
  facts: CardFact[];
  buttons: CardButton[];
  /** The signed order page (or, for digests, the list of all alerts). */
  link: { label: string; url: string } | null;
  mentions: Mention[];
  /** Digest only: the groups folded into it and the total number of alerts it represents. */
  digest: { total: number; lines: DigestLine[] } | null;
  /** Plain-text fallback (≤ 2048 bytes): used where a platform shows a notification preview. */
  preview: string;
  /** When the card was rendered, shown in Asia/Shanghai, e.g. "11-22 18:05". */
  renderedAt: string;
}
