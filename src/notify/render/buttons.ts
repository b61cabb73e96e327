// The buttons of an alert card: which actions each kind offers, their labels and their keys.
import type { AlertKind } from '../../rules/types.js';
import type { CardActionId, CardButton } from '../card-model.js';
import type { Labels } from './labels.js';
import type { AlertState } from './types.js';

/** In button order; the first is the one most people want. */
export const KIND_ACTIONS: Record<AlertKind, readonly CardActionId[]> = {
  stuck: ['claim', 'hold', 'snooze', 'resolve'],
  suspect: ['claim', 'hold', 'legit', 'release'],
  logistics: ['claim', 'snooze', 'resolve'],
  refund: ['approve', 'reject', 'claim'],
};

/** Rules offering an action beyond their kind's: a cross-channel duplicate can be merged from the card. */
export const RULE_EXTRA_ACTIONS: Record<string, readonly CardActionId[]> = {
  suspect_cross_channel_duplicate: ['merge'],
};

const STYLE: Partial<Record<CardActionId, CardButton['style']>> = {
  claim: 'primary',
  approve: 'primary',
  resolve: 'primary',
  hold: 'danger',
  reject: 'danger',
};

export const MAX_BUTTONS = 6;
export const MAX_KEY_BYTES = 1024;
export const KEY_PREFIX = 'ow1';

/** `ow1.<action>.<alertId>`: decoded by the interaction handler; an id with a dot could not be. */
export function buttonKey(action: CardActionId, alertId: string): string {
  if (alertId === '' || alertId.includes('.'))
    throw new Error(`alert id "${alertId}" cannot go into a button key`);
  const key = `${KEY_PREFIX}.${action}.${alertId}`;
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new Error('button key over 1024 bytes');
  return key;
}

/** None once resolved; no "claim" once someone has claimed it. */
export function alertButtons(
  alert: { id: string; rule: string; kind: AlertKind; state: AlertState },
  labels: Labels,
): CardButton[] {
  if (alert.state === 'resolved') return [];
  const actions = [...KIND_ACTIONS[alert.kind], ...(RULE_EXTRA_ACTIONS[alert.rule] ?? [])]
    .filter((a) => !(a === 'claim' && alert.state === 'claimed'))
    .slice(0, MAX_BUTTONS);
  return actions.map((action) => ({
    action,
    label: labels.button[action],
    style: STYLE[action] ?? 'default',
    key: buttonKey(action, alert.id),
  }));
}
