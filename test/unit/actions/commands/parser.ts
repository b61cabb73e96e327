// One parser over the shipped templates/replies, shared by the command tests.
import { createCommandParser, DEFAULT_REPLIES_DIR } from '../../../../src/actions/commands/index.js';
import type { ParsedCommand, ParseResult } from '../../../../src/actions/types.js';

export const parser = createCommandParser({ templatesDir: DEFAULT_REPLIES_DIR });

/** The parsed command, or a thrown error naming the failure (so a table row says what went wrong). */
export function parsed(result: ParseResult): ParsedCommand {
  if (!result.ok) throw new Error(`expected a command, got ${JSON.stringify(result)}`);
  return result.command;
}

export const ORDER = { kind: 'order', externalId: 'TB20261122001', channel: null } as const;
export const UUID = '3f2a4b5c-1d2e-4f3a-8b9c-0d1e2f3a4b5c';
