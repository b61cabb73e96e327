// A typed command to a ParsedCommand: normalise, find the longest alias at the start, read the arguments;
// an unknown first word gets a "did you mean". Input beyond MAX_INPUT_CHARS is not read at all: nobody
// types a command that long, and it bounds every later step.
import type { CommandSpec, ParseResult } from '../types.js';
import { readArgs } from './args.js';
import { type AliasEntry, commandWord, matchCommand } from './match.js';
import { normalizeCommandText } from './normalize.js';
import { suggestCommand } from './suggest.js';

export const MAX_INPUT_CHARS = 500;
/** How much of an unread input a failure keeps. */
const MAX_ECHO_INPUT = 64;

export function parseCommand(
  specs: ReadonlyMap<string, CommandSpec>,
  index: readonly AliasEntry[],
  input: unknown,
): ParseResult {
  const text = normalizeCommandText(input);
  if (text.folded === '') return { ok: false, error: 'empty' };
  if (text.folded.length > MAX_INPUT_CHARS)
    return {
      ok: false,
      error: 'unknown_command',
      input: text.typed.slice(0, MAX_ECHO_INPUT),
      suggestion: null,
    };
  const match = matchCommand(index, text.folded);
  const spec = match === null ? undefined : specs.get(match.command);
  if (match === null || spec === undefined) {
    const word = commandWord(text.folded);
    return { ok: false, error: 'unknown_command', input: word, suggestion: suggestCommand(index, word) };
  }
  return readArgs(spec, text, match.length);
}
