// templates/pages loaded once: one template per page wrapped in layout.hbs, compiled with HTML escaping ON
// (unlike cards) and `strict` (a misspelt field throws); the card labels and the page labels validated.
// No partials: Prettier's Handlebars parser (glimmer) cannot read them, so the layout takes the rendered
// page as `content`, the one triple-stash, holding HTML this module produced from escaped templates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { parse } from 'yaml';
import * as z from 'zod';
import { EVENT_TYPES } from '../../domain/event.js';
import { loadLabels, type Labels } from '../../notify/render/labels.js';

export const ERROR_KINDS = ['invalid', 'expired', 'noOrder', 'noDigest', 'failed'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const PAGE_NAMES = ['order', 'digest', 'error'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export const DEFAULT_PAGES_DIR = fileURLToPath(new URL('../../../templates/pages', import.meta.url));
export const DEFAULT_CARD_LABELS = fileURLToPath(
  new URL('../../../templates/cards/labels.yaml', import.meta.url),
);

const text = z.string().min(1);
const PageLabelsSchema = z.object({
  event: z.object(Object.fromEntries(EVENT_TYPES.map((t) => [t, text])) as Record<string, typeof text>),
  field: z.record(z.string(), text),
  title: z.object({ digest: text }),
  history: z.object({
    opened: text,
    severity: text,
    claimed: text,
    snoozed: text,
    approval: text,
    escalated: text,
    resolved: text,
    other: text,
  }),
  action: z.record(z.string(), text),
  result: z.record(z.string(), text),
  platform: z.record(z.string(), text),
  masked: text,
  error: z.object(
    Object.fromEntries(ERROR_KINDS.map((k) => [k, z.object({ title: text, message: text })])) as Record<
      ErrorKind,
      z.ZodObject<{ title: typeof text; message: typeof text }>
    >,
  ),
});
export type PageLabels = z.infer<typeof PageLabelsSchema>;

export interface PageTemplates {
  readonly labels: Labels;
  readonly pageLabels: PageLabels;
  /** The page `name` over `view` inside the layout; `view.title` is the document title. */
  render(name: PageName, view: { title: string; [field: string]: unknown }): string;
}

function loadPageLabels(file: string): PageLabels {
  const parsed = PageLabelsSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined ? '' : `${issue.path.join('.')}: ${issue.message}`;
  throw new Error(`page labels ${file} are invalid: ${where}`);
}

function compile(hb: typeof Handlebars, file: string): HandlebarsTemplateDelegate {
  const source = readFileSync(file, 'utf8');
  try {
    hb.parse(source);
  } catch (err) {
    throw new Error(`page template ${file}: ${(err as Error).message}`, { cause: err });
  }
  return hb.compile(source, { strict: true });
}

export function loadPageTemplates(opts: { dir?: string; cardLabels?: string } = {}): PageTemplates {
  const dir = opts.dir ?? DEFAULT_PAGES_DIR;
  const hb = Handlebars.create();
  const layout = compile(hb, join(dir, 'layout.hbs'));
  const templates = new Map(PAGE_NAMES.map((name) => [name, compile(hb, join(dir, `${name}.hbs`))]));
  return {
    labels: loadLabels(opts.cardLabels ?? DEFAULT_CARD_LABELS),
    pageLabels: loadPageLabels(join(dir, 'labels.yaml')),
    // Prettier's glimmer printer drops a doctype from a template, so it is written here (no quirks mode).
    render: (name, view) =>
      `<!doctype html>\n${layout({ title: view.title, content: templates.get(name)!(view) })}`,
  };
}
