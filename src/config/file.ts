// orderwatch.yaml: YAML → zod-validated sections → FileConfig, every problem located by line and column.
import { LineCounter, parseDocument, type Document } from 'yaml';
import {
  defaultBusinessHours,
  defaultEscalation,
  defaultFileConfig,
  DEFAULT_ESCALATION_POLICY,
  DEFAULT_TEAM_ID,
} from './defaults.js';
import type { ConfigIssue } from './errors.js';
import { checkFile } from './file-checks.js';
import { fileSchema, type FileInput } from './file-schema.js';
import { isSecretName } from './secrets.js';
import type { FileConfig, Person, Team } from './types.js';
import { locate } from './yaml-locate.js';
import { formatPath, fromZod, type PathIssue } from './zod-issues.js';

export interface FileResult {
  /** The validated file merged over the defaults; the defaults alone when there are issues. */
  value: FileConfig;
  issues: ConfigIssue[];
  /** Secret values found in the file (webhook keys), so that no message can echo one. */
  secrets: string[];
}

export function parseConfigFile(text: string, file: string): FileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const raw = toJS(doc);
  const secrets = collectSecrets(raw);
  const at = (issues: PathIssue[]): ConfigIssue[] =>
    issues.map((i): ConfigIssue => ({
      key: formatPath(i.path),
      message: i.message,
      source: { file, ...locate(doc, lines, i.path, i.at) },
    }));
  const fail = (issues: ConfigIssue[]): FileResult => ({
    value: defaultFileConfig(),
    issues: byLine(issues),
    secrets,
  });

  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { key: '', message: `YAML syntax error: ${e.message}`, source: { file, line, column: col } };
      }),
    );
  }
  const top = raw === null || raw === undefined ? {} : raw;
  if (typeof top !== 'object' || Array.isArray(top)) {
    return fail(
      at([
        {
          path: [],
          message: 'the file must be a mapping of people, teams, routes, rules, escalation, refunds',
        },
      ]),
    );
  }
  const { input, issues, broken } = parseSections(top);
  const value = toFileConfig(input);
  const all = [...issues, ...checkFile(value, (section) => !broken.has(section))];
  return all.length > 0 ? fail(at(all)) : { value, issues: [], secrets };
}

/**
 * Each section is validated on its own, so that the cross-section checks can still run over the
 * sections that are valid and every problem is reported in one go.
 */
function parseSections(top: object) {
  const sections = dropEmptySections(top);
  const shape = fileSchema.shape;
  const known = Object.keys(shape);
  const issues: PathIssue[] = Object.keys(sections)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      path: [key],
      message: `is not a known section (expected ${known.join(', ')})`,
      at: 'key',
    }));
  const input: FileInput = {};
  const broken = new Set<string>();
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const result = shape[key].safeParse(sections[key], { reportInput: true });
    if (result.success) Object.assign(input, { [key]: result.data });
    else {
      broken.add(key);
      issues.push(...fromZod(result.error.issues).map((i) => ({ ...i, path: [key, ...i.path] })));
    }
  }
  return { input, issues, broken };
}

function byLine(issues: ConfigIssue[]): ConfigIssue[] {
  const pos = (i: ConfigIssue): number => (i.source ? i.source.line * 1e6 + i.source.column : 0);
  return [...issues].sort((a, b) => pos(a) - pos(b));
}

function toJS(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return null;
  }
}

/** `rules:` with nothing after it means "no rules section", not "rules is null". */
function dropEmptySections(top: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(top).filter(([, v]) => v !== null));
}

/** String values under secret-looking keys anywhere in the file. */
function collectSecrets(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => collectSecrets(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => collectSecrets(v, k));
  }
  const scalar = typeof value === 'string' || typeof value === 'number';
  return scalar && isSecretName(key) ? [String(value)] : [];
}

/** snake_case file sections → camelCase FileConfig; missing sections keep their defaults. */
function toFileConfig(input: FileInput): FileConfig {
  const defaults = defaultFileConfig();
  const teams = input.teams ? toTeams(input.teams) : defaults.teams;
  return {
    people: toPeople(input.people ?? []),
    teams,
    routes: input.routes ?? [{ match: {}, team: teams[0]?.id ?? DEFAULT_TEAM_ID }],
    rules: input.rules ?? {},
    escalation: { [DEFAULT_ESCALATION_POLICY]: defaultEscalation(), ...toEscalation(input.escalation ?? {}) },
    businessHours: toBusinessHours(input.escalation?.business_hours),
    refunds: {
      approvalRequiredFromFen:
        input.refunds?.approval_required_from ?? defaults.refunds.approvalRequiredFromFen,
      secondApproverFromFen: input.refunds?.second_approver_from ?? defaults.refunds.secondApproverFromFen,
    },
  };
}

function toPeople(people: NonNullable<FileInput['people']>): Person[] {
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    roles: [...new Set(p.roles)],
    wecom: p.wecom ?? null,
    dingtalk: p.dingtalk ?? null,
    mobile: p.mobile ?? null,
  }));
}

function toTeams(teams: NonNullable<FileInput['teams']>): Team[] {
  return teams.map((t) => ({
    id: t.id,
    wecomWebhookKey: t.wecom_webhook_key ?? null,
    wecomUsers: t.wecom_users,
    dingtalkConversation: t.dingtalk_conversation ?? null,
    onDuty: t.on_duty,
  }));
}

function toBusinessHours(hours: { start: number; end: number } | undefined): FileConfig['businessHours'] {
  return hours ? { startMin: hours.start, endMin: hours.end } : defaultBusinessHours();
}

type LevelInput = { after: number; notify: string[]; customer_notice: boolean; ding: boolean };

function toEscalation(section: NonNullable<FileInput['escalation']>): FileConfig['escalation'] {
  const policies = Object.entries(section).filter(([name]) => name !== 'business_hours') as [
    string,
    LevelInput[],
  ][];
  return Object.fromEntries(
    policies.map(([name, levels]) => [
      name,
      levels.map((l) => ({
        afterMs: l.after,
        notify: l.notify,
        customerNotice: l.customer_notice,
        ding: l.ding,
      })),
    ]),
  );
}
