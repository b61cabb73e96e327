// The words of the chat commands (templates/replies/commands.yaml): aliases, descriptions, examples, argument
// names, confirmation words. Validated once at start-up so a missing alias fails there, not in a group chat.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod';
import { ACTION_IDS, type ActionId, type ArgSpec } from '../types.js';
import { foldText } from './normalize.js';

const text = z.string().trim().min(1);
const aliases = z.array(text).min(1);

const CommandWordsSchema = z.object({
  zh: aliases,
  en: aliases,
  description: text,
  example: text,
});

const ArgWordsSchema = z.object({ name: text, hint: text });

const WordsSchema = z.object({
  commands: z.object(
    Object.fromEntries(ACTION_IDS.map((id) => [id, CommandWordsSchema])) as Record<
      ActionId,
      typeof CommandWordsSchema
    >,
  ),
  args: z.object({ target: ArgWordsSchema, duration: ArgWordsSchema, reason: ArgWordsSchema }),
  confirm: aliases,
  notes: z.object({ needsConfirm: text, unknownPerson: text }),
});

export type CommandWords = z.infer<typeof WordsSchema>;
export type ArgName = ArgSpec['name'];

/** Reads and validates commands.yaml; throws naming the file and the first problem. */
export function loadCommandWords(file: string): CommandWords {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`command words ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = WordsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : `${issue.path.join('.')}: ${issue.message}`;
    throw new Error(`command words ${file} are invalid: ${where}`);
  }
  assertDistinctAliases(file, parsed.data);
  return parsed.data;
}

/** One alias, one command: otherwise what 同意 means would depend on the order of the file. */
function assertDistinctAliases(file: string, words: CommandWords): void {
  const owner = new Map<string, ActionId>();
  for (const id of ACTION_IDS) {
    for (const alias of [...words.commands[id].zh, ...words.commands[id].en]) {
      const key = foldText(alias);
      const other = owner.get(key);
      if (other !== undefined && other !== id)
        throw new Error(`command words ${file}: alias "${alias}" belongs to both ${other} and ${id}`);
      owner.set(key, id);
      if (/\s/.test(key)) throw new Error(`command words ${file}: alias "${alias}" contains a space`);
    }
  }
}
