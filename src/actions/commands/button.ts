// Card button keys, as src/notify/render/buttons.ts writes them: `ow1.<action>.<alertId>`. The key comes
// back from the platform, so it is checked, not trusted: an unknown version, action or a malformed id is a
// failure, never a throw. `ow1.noop.*` (the WeCom card's "view" button, also on digests) reads as show.
import { KEY_PREFIX } from '../../notify/render/buttons.js';
import { ACTION_IDS, type ActionId, type ParseFailure, type ParseResult } from '../types.js';
import { parseAlertUuid } from './target.js';

const NOOP_PREFIX = `${KEY_PREFIX}.noop.`;
const MAX_KEY_CHARS = 1024;
/** How much of a bad key a failure keeps. */
const MAX_VALUE_CHARS = 64;

function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}

function unknown(input: string): ParseFailure {
  return { ok: false, error: 'unknown_command', input: input.slice(0, MAX_VALUE_CHARS), suggestion: null };
}

/**
 * A button runs at once (no "确认？": the tap was the decision) and carries no duration or reason; the
 * service applies its defaults (snooze period) or asks (reject reason).
 */
export function decodeButtonKey(key: unknown): ParseResult {
  const text = typeof key === 'string' ? key.trim().slice(0, MAX_KEY_CHARS) : '';
  if (text === '') return { ok: false, error: 'empty' };
  const none = { durationMs: null, reason: null };
  if (text.startsWith(NOOP_PREFIX)) {
    const target = parseAlertUuid(text.slice(NOOP_PREFIX.length));
    return { ok: true, command: { command: 'show', target, ...none } };
  }
  const parts = text.split('.');
  const [prefix, action = '', id = ''] = parts;
  if (prefix !== KEY_PREFIX || parts.length !== 3) return unknown(text);
  if (!isActionId(action) || action === 'help') return unknown(action);
  const target = parseAlertUuid(id);
  if (target === null)
    return {
      ok: false,
      error: 'bad_arg',
      command: action,
      arg: 'target',
      value: id.slice(0, MAX_VALUE_CHARS),
    };
  return { ok: true, command: { command: action, target, ...none } };
}
