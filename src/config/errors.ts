// ConfigError: every bad key from the environment and the config file, reported at once.

/** Where a file issue sits in the YAML source (1-based). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One bad key. Messages never contain a secret's value. */
export interface ConfigIssue {
  /** The environment variable (`PORT`) or the path into the file (`people[1].roles[0]`); empty for syntax errors. */
  key: string;
  message: string;
  source?: SourcePosition;
}

/** `orderwatch.yaml:12:5 people[1].roles[0]: "boss" is not a role …` or `PORT: must be …`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.source ? `${issue.source.file}:${issue.source.line}:${issue.source.column} ` : '';
  return `${where}${issue.key ? `${issue.key}: ` : ''}${issue.message}`;
}

/** Invalid configuration: start-up stops with this one message listing every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super([`Invalid configuration (${count}):`, ...issues.map((i) => `  - ${formatIssue(i)}`)].join('\n'));
    this.issues = issues;
  }
}
