// templates/cards loaded once: every `.hbs` parsed and compiled at start-up (a syntax error fails there),
// labels.yaml validated, all kept for the life of the renderer.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { emptyParts, PART_HELPERS, registerPartHelpers, type CardParts } from './card-parts.js';
import { loadLabels, type Labels } from './labels.js';

/** Templates every renderer needs besides one per rule. */
export const FIXED_TEMPLATES = ['resolved', 'escalated', 'digest'] as const;
export const LABELS_FILE = 'labels.yaml';

export interface TemplateStore {
  readonly labels: Labels;
  has(name: string): boolean;
  /** Runs template `name` over `view` and returns the parts its helpers collected. */
  render(name: string, view: object): CardParts;
}

const COMPILE_OPTIONS = {
  // Chat text, not HTML: the platform adapters neutralise their own markdown.
  noEscape: true,
  // A misspelt {{order.externalld}} throws instead of printing nothing.
  strict: true,
  knownHelpers: Object.fromEntries(PART_HELPERS.map((h) => [h, true])),
};

function compileDir(hb: typeof Handlebars, dir: string): Map<string, HandlebarsTemplateDelegate> {
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    try {
      hb.parse(source);
    } catch (err) {
      throw new Error(`card template ${file}: ${(err as Error).message}`, { cause: err });
    }
    templates.set(basename(file, '.hbs'), hb.compile(source, COMPILE_OPTIONS));
  }
  return templates;
}

export function loadTemplateStore(dir: string): TemplateStore {
  const hb = Handlebars.create();
  registerPartHelpers(hb);
  const templates = compileDir(hb, dir);
  const missing = FIXED_TEMPLATES.filter((name) => !templates.has(name));
  if (missing.length > 0) throw new Error(`card templates missing in ${dir}: ${missing.join(', ')}`);
  const labels = loadLabels(join(dir, LABELS_FILE));
  return {
    labels,
    has: (name) => templates.has(name),
    render(name, view) {
      const template = templates.get(name);
      if (template === undefined) throw new Error(`no card template "${name}.hbs"`);
      const card = emptyParts();
      template(view, { data: { card } });
      return card;
    },
  };
}
