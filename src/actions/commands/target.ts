// What a command acts on: an alert by the short id printed on its card (#a1b2c3d4) or its full uuid, or an
// order by its external id, optionally with the channel (taobao:TB20261122001). Every pattern is anchored
// and free of nested quantifiers, so a long hostile token costs linear time.
import type { CommandTarget } from '../types.js';

const SHORT_ALERT_ID = /^#([0-9a-fA-F]{8})$/;
const UUID = /^#?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const EXTERNAL_ID = /^[A-Za-z0-9_-]{4,64}$/;
const CHANNEL = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** The characters a target token is made of; the argument reader cuts a token at the first other one. */
export const TARGET_TOKEN = /[A-Za-z0-9_:#-]+/y;

/** The target a token names, or null when it is not one. */
export function parseTarget(token: string): CommandTarget | null {
  const short = SHORT_ALERT_ID.exec(token);
  if (short?.[1] !== undefined) return { kind: 'alert', id: short[1].toLowerCase(), short: true };
  const uuid = UUID.exec(token);
  if (uuid?.[1] !== undefined) return { kind: 'alert', id: uuid[1].toLowerCase(), short: false };
  const colon = token.indexOf(':');
  if (colon === -1)
    return EXTERNAL_ID.test(token) ? { kind: 'order', externalId: token, channel: null } : null;
  const channel = token.slice(0, colon);
  const externalId = token.slice(colon + 1);
  if (!CHANNEL.test(channel) || !EXTERNAL_ID.test(externalId)) return null;
  return { kind: 'order', externalId, channel: channel.toLowerCase() };
}

/** A button's alert id: only a full uuid (buttonKey writes `alert.id`). */
export function parseAlertUuid(id: string): CommandTarget | null {
  const uuid = UUID.exec(id);
  if (uuid?.[1] === undefined || id.startsWith('#')) return null;
  return { kind: 'alert', id: uuid[1].toLowerCase(), short: false };
}
