// Reads environment variables one by one, collecting every issue instead of stopping at the first.
import type { ConfigIssue } from './errors.js';
import { isSecretName, redactUrl, urlPasswords } from './secrets.js';

export type Env = Record<string, string | undefined>;

interface UrlOptions {
  protocols: readonly string[];
}

export class EnvReader {
  readonly issues: ConfigIssue[] = [];
  /** Every secret value seen, for the final scrub of messages. */
  readonly secrets = new Set<string>();

  constructor(private readonly env: Env) {}

  /** The trimmed value; unset and empty (`FOO=`) both read as undefined. */
  raw(name: string): string | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    if (isSecretName(name) && value !== '') this.secrets.add(value).add(value.trim());
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  fail(name: string, message: string): void {
    this.issues.push({ key: name, message });
  }

  /** Like fail, unless this variable already has an issue (half-set groups overlap). */
  failOnce(name: string, message: string): void {
    if (!this.issues.some((i) => i.key === name)) this.fail(name, message);
  }

  /** ` (got "…")`, or nothing for secrets. */
  got(name: string, value: string): string {
    return isSecretName(name) ? '' : ` (got ${JSON.stringify(value)})`;
  }

  optional(name: string): string | null {
    return this.raw(name) ?? null;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = /^[+]?\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `between ${min} and ${max}`;
    this.fail(name, `must be a whole number ${range}${this.got(name, value)}`);
    return fallback;
  }

  /** A positive integer that may be absent (e.g. WECOM_AGENT_ID). */
  optionalInt(name: string): number | null {
    if (!this.has(name)) return null;
    const n = this.int(name, -1, 1);
    return n === -1 ? null : n;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const found = values.find((v) => v === value.toLowerCase());
    if (found) return found;
    this.fail(name, `must be one of ${values.join(', ')}${this.got(name, value)}`);
    return fallback;
  }

  /** `on`/`off` (also true/false, 1/0, yes/no); null when unset. */
  flag(name: string): boolean | null {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return null;
    if (['on', 'true', '1', 'yes'].includes(value)) return true;
    if (['off', 'false', '0', 'no'].includes(value)) return false;
    this.fail(name, `must be on or off${this.got(name, value)}`);
    return null;
  }

  /** A URL with one of the given protocols, trailing `/` removed. Errors show it with the password masked. */
  url(name: string, fallback: string, options: UrlOptions): string {
    return this.optionalUrl(name, options) ?? fallback;
  }

  optionalUrl(name: string, options: UrlOptions): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    for (const password of urlPasswords(value)) this.secrets.add(password);
    const shown = isSecretName(name) ? '' : ` (got ${JSON.stringify(redactUrl(value))})`;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.fail(name, `must be a URL like ${options.protocols[0]}//host:port${shown}`);
      return null;
    }
    if (!options.protocols.includes(url.protocol)) {
      this.fail(name, `must be a ${options.protocols.map((p) => p.slice(0, -1)).join(' or ')} URL${shown}`);
      return null;
    }
    return value.replace(/\/+$/, '');
  }
}
