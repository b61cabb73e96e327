// The chat command parser (CommandParser, src/actions/types.ts): commands as data (specs.ts + the words of
// templates/replies/commands.yaml), typed text and card button keys in, ParsedCommand or a ParseFailure
// out, and the help and error texts from templates/replies. Everything is loaded and validated at
// construction, so a bad alias file or template fails at start-up.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandParser } from '../types.js';
import { decodeButtonKey } from './button.js';
import { aliasIndex } from './match.js';
import { foldText, lowerAscii, normalizeCommandText } from './normalize.js';
import { parseCommand } from './parse.js';
import { createReplyRenderer } from './replies.js';
import { buildSpecs } from './specs.js';
import { loadCommandWords } from './words.js';

export const COMMAND_WORDS_FILE = 'commands.yaml';
/** templates/replies of this checkout. */
export const DEFAULT_REPLIES_DIR = fileURLToPath(new URL('../../../templates/replies', import.meta.url));
// "确认。" / "确认!" count as 确认; the text is width-folded first (！ is !).
const TRAILING_PUNCTUATION = /[\s!.~。]+$/;
const MAX_CONFIRM_CHARS = 20;

export interface CommandParserOptions {
  /** The directory holding commands.yaml, help.hbs and parse-*.hbs (templates/replies). */
  templatesDir: string;
}

export function createCommandParser({ templatesDir }: CommandParserOptions): CommandParser {
  const words = loadCommandWords(join(templatesDir, COMMAND_WORDS_FILE));
  const specs = buildSpecs(words);
  const byId = new Map(specs.map((spec) => [spec.id, spec]));
  const index = aliasIndex(specs);
  const replies = createReplyRenderer(templatesDir, specs, words);
  const confirmWords = new Set(words.confirm.map(foldText));

  return {
    specs,
    parse: (text) => parseCommand(byId, index, text),
    decodeButton: (key) => decodeButtonKey(key),
    isConfirmation: (text) => {
      const folded = normalizeCommandText(text).folded;
      return (
        folded.length <= MAX_CONFIRM_CHARS &&
        confirmWords.has(lowerAscii(folded).replace(TRAILING_PUNCTUATION, ''))
      );
    },
    help: (roles) => replies.help(roles),
    explain: (failure) => replies.explain(failure),
  };
}

export { COMMAND_RULES, mayRun } from './specs.js';
export { MAX_INPUT_CHARS } from './parse.js';
export { MAX_REASON_CHARS } from './args.js';
export { SUGGEST_THRESHOLD } from './suggest.js';
