// templates/customer/<kind>.hbs: the customer's text (KF) and, with {{x}} → ${x}, the Aliyun SMS template whose
// TemplateParam keys are the template's fields. Loaded once; a missing kind or a helper fails at start-up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { NOTICE_KINDS, type NoticeKind } from './types.js';

export interface NoticeData {
  orderId: string;
  carrier: string;
  trackingNo: string;
  region: string;
}

export interface NoticeTemplates {
  render(kind: NoticeKind, data: NoticeData): string;
  /** The TemplateParam keys of `kind`, in order of appearance. */
  params(kind: NoticeKind): string[];
  /** The text to register as the SMS template (`${orderId}` placeholders). */
  aliyunContent(kind: NoticeKind): string;
}

/** SMS template variables have length limits (UNCONFIRMED: ~35 characters for notices); keep values short. */
export const PARAM_MAX = 30;

function fieldsOf(source: string, file: string): string[] {
  const fields: string[] = [];
  for (const node of Handlebars.parse(source).body) {
    if (node.type === 'ContentStatement' || node.type === 'CommentStatement') continue;
    const path = node.type === 'MustacheStatement' ? (node as hbs.AST.MustacheStatement).path : null;
    const simple = path?.type === 'PathExpression' && (node as hbs.AST.MustacheStatement).params.length === 0;
    if (!simple) throw new Error(`customer template ${file}: only {{field}} substitutions are allowed`);
    const name = (path as hbs.AST.PathExpression).original;
    if (!fields.includes(name)) fields.push(name);
  }
  return fields;
}

export function loadNoticeTemplates(dir: string): NoticeTemplates {
  const hb = Handlebars.create();
  const compiled = new Map<
    NoticeKind,
    { run: HandlebarsTemplateDelegate; fields: string[]; source: string }
  >();
  for (const kind of NOTICE_KINDS) {
    const file = `${kind}.hbs`;
    const source = readFileSync(join(dir, file), 'utf8').trim();
    const fields = fieldsOf(source, file);
    compiled.set(kind, { run: hb.compile(source, { noEscape: true, strict: true }), fields, source });
  }
  const get = (kind: NoticeKind) => compiled.get(kind)!;
  return {
    render: (kind, data) => get(kind).run(data).trim(),
    params: (kind) => [...get(kind).fields],
    aliyunContent: (kind) => get(kind).source.replace(/\{\{\s*([\w.]+)\s*\}\}/g, '${$1}'),
  };
}

/** The TemplateParam object for `kind`: every field the template names, each cut to PARAM_MAX. */
export function smsParams(t: NoticeTemplates, kind: NoticeKind, data: NoticeData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of t.params(kind)) {
    const value = String((data as unknown as Record<string, unknown>)[key] ?? '');
    out[key] = [...value].slice(0, PARAM_MAX).join('');
  }
  return out;
}

export const CUSTOMER_TEMPLATE_DIR = 'templates/customer';
