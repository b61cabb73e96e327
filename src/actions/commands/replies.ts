// The reply texts of the parser (templates/replies): `帮助` and the explanations of parse failures. Data in,
// text out: the templates may loop (`each`) but hold no other logic, so every choice is made here. User
// text is only ever a value (never compiled), cut and defanged by echo() before it is shown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { Role } from '../../config/index.js';
import type { ActionId, CommandSpec, ParseFailure } from '../types.js';
import { echo } from './echo.js';
import { mayRun } from './specs.js';
import type { CommandWords } from './words.js';

export const REPLY_TEMPLATES = [
  'help',
  'parse-unknown',
  'parse-missing',
  'parse-bad',
  'parse-empty',
] as const;
type ReplyTemplate = (typeof REPLY_TEMPLATES)[number];

// Chat text, not HTML; a misspelt field throws instead of printing nothing.
const COMPILE_OPTIONS = { noEscape: true, strict: true };
// Any block helper but `each` ({{#if}}, {{#with}}, {{^…}}) is logic the templates should not hold.
const LOGIC = /\{\{~?\s*(?:#(?!each\b)|\^)/;

const LATIN_WORD = /^[A-Za-z]+$/;

/**
 * Lines trimmed, blank ones dropped: Prettier indents the body of an {{#each}} in a .hbs file, and the
 * chat should not show that indentation.
 */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

export interface ReplyRenderer {
  help(roles: readonly Role[] | null): string;
  explain(failure: ParseFailure): string;
}

function compile(dir: string, name: ReplyTemplate): HandlebarsTemplateDelegate {
  const file = join(dir, `${name}.hbs`);
  const source = readFileSync(file, 'utf8');
  if (LOGIC.test(source)) throw new Error(`reply template ${file}: only {{#each}} blocks are allowed`);
  const hb = Handlebars.create();
  try {
    hb.parse(source);
  } catch (err) {
    throw new Error(`reply template ${file}: ${(err as Error).message}`, { cause: err });
  }
  return hb.compile(source, COMPILE_OPTIONS);
}

/** Compiles the reply templates in `dir` (templates/replies) once; a missing or broken one fails here. */
export function createReplyRenderer(dir: string, specs: readonly CommandSpec[], words: CommandWords) {
  const t = Object.fromEntries(REPLY_TEMPLATES.map((name) => [name, compile(dir, name)])) as Record<
    ReplyTemplate,
    HandlebarsTemplateDelegate
  >;
  const zh = (id: ActionId) => words.commands[id].zh[0] as string;
  const example = (id: ActionId) => words.commands[id].example;
  // A typo of an English command is answered in English ("relase" → release), any other in Chinese.
  const nameFor = (id: ActionId, typed: string) =>
    LATIN_WORD.test(typed) ? (words.commands[id].en[0] as string) : zh(id);
  const render = (name: ReplyTemplate, view: object) => tidy(t[name](view));

  const help = (roles: readonly Role[] | null): string =>
    render('help', {
      commands: specs
        .filter((spec) => mayRun(spec, roles))
        .map((spec) => ({
          zh: zh(spec.id),
          en: spec.aliases.en[0],
          args: spec.args.map((arg) => words.args[arg.name].name),
          description: words.commands[spec.id].description,
          flags: spec.confirm ? [words.notes.needsConfirm] : [],
        })),
      target: words.args.target,
      notes: roles === null ? [words.notes.unknownPerson] : [],
    });

  const explain = (failure: ParseFailure): string => {
    switch (failure.error) {
      case 'empty':
        return render('parse-empty', { example: example('claim'), help: zh('help') });
      case 'unknown_command':
        return render('parse-unknown', {
          input: echo(failure.input),
          suggestions: failure.suggestion === null ? [] : [nameFor(failure.suggestion, failure.input)],
          help: zh('help'),
        });
      case 'missing_arg':
      case 'bad_arg':
        return render(failure.error === 'missing_arg' ? 'parse-missing' : 'parse-bad', {
          command: zh(failure.command),
          arg: words.args[failure.arg].name,
          hint: words.args[failure.arg].hint,
          example: example(failure.command),
          value: failure.error === 'bad_arg' ? echo(failure.value) : '',
        });
    }
  };

  return { help, explain } satisfies ReplyRenderer;
}
