// Which command a text starts with. Chinese has no spaces ("放行TB20261122001"), so this is a longest-prefix
// match over all aliases rather than a split on spaces: 批准退款 wins over 批准, 查看订单 over 查看.
import type { ActionId, CommandSpec } from '../types.js';
import { foldText, lowerAscii } from './normalize.js';

export interface AliasEntry {
  alias: string;
  command: ActionId;
}

export interface CommandMatch {
  command: ActionId;
  /** Where the alias ends: the arguments start there. */
  length: number;
}

const LOWER_LETTER = /^[a-z]$/;
/** The longest command word the suggestion step looks at: a typo, not a paragraph. */
export const MAX_COMMAND_WORD = 20;
const LETTERS = /^[A-Za-z]+/;
const CJK = /^[\u3400-\u9FFF]$/;
const CJK_START = /^[\u3400-\u9FFF]/;
const BEFORE_ID = /^[^A-Za-z0-9_:#-]+/;

/** Every alias of every spec, folded, longest first. */
export function aliasIndex(specs: readonly CommandSpec[]): AliasEntry[] {
  const entries = specs.flatMap((spec) =>
    [...spec.aliases.zh, ...spec.aliases.en].map((alias) => ({ alias: foldText(alias), command: spec.id })),
  );
  return entries.sort((a, b) => b.alias.length - a.alias.length);
}

/**
 * The longest alias the folded text starts with (case-insensitive). An alias must not run on into a word of
 * its own script: "holdings" is not "hold", "批准退宽" is not "批准" + 退宽 (it is a typo of 批准退款, which
 * the suggestion step then finds). It may run into an id (放行TB2026…, releaseTB2026…, release#a1b2c3d4)
 * or a duration (静默2小时).
 */
export function matchCommand(index: readonly AliasEntry[], folded: string): CommandMatch | null {
  const lower = lowerAscii(folded);
  for (const { alias, command } of index) {
    if (!lower.startsWith(alias)) continue;
    const last = alias.charAt(alias.length - 1);
    const next = folded.charAt(alias.length);
    if ((LOWER_LETTER.test(last) && LOWER_LETTER.test(next)) || (CJK.test(last) && CJK.test(next))) continue;
    return { command, length: alias.length };
  }
  return null;
}

/**
 * The word someone meant as a command, for the "did you mean" step: the leading run of letters of an English
 * word (relase), the Chinese run before the id (放型TB2026 → 放型), else the first chunk up to a space.
 */
export function commandWord(text: string): string {
  const chunk = (/^\S+/.exec(text)?.[0] ?? '').slice(0, MAX_COMMAND_WORD);
  const word = LETTERS.exec(chunk) ?? (CJK_START.test(chunk) ? BEFORE_ID.exec(chunk) : null);
  return word?.[0] ?? chunk;
}
