// What counts as a secret, and how to keep secrets out of messages and logs.
import type { ConfigIssue } from './errors.js';

/** Environment variables and file keys whose values are secret. */
export const SECRET_NAME = /SECRET|TOKEN|AES_KEY|ACCESS_KEY|WEBHOOK_KEY|PASSWORD/i;
const SECRET_QUERY_PARAM = /token|secret|key|sign|password|auth/i;
export const MASK = '***';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** `'***'` when set, null when not: for logging which secrets are configured. */
export function mask(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : MASK;
}

/** The password of a URL (as written and decoded), for scrubbing; empty when there is none. */
export function urlPasswords(raw: string): string[] {
  const found = new Set<string>();
  const written = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*?:(.*)@/i.exec(raw)?.[1];
  if (written) found.add(written);
  try {
    const url = new URL(raw);
    if (url.password) {
      found.add(url.password);
      found.add(safeDecode(url.password));
    }
  } catch {
    // not a URL: the regex above is all we can do
  }
  return [...found].filter((s) => s !== '');
}

/**
 * The URL with its password (and secret-looking query values) replaced by `***`. Anything that does not
 * parse as a URL with a host has everything before its last `@` masked, to be safe.
 */
export function redactUrl(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // handled below
  }
  if (!url || url.host === '') {
    const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@/i.exec(raw);
    if (userinfo) return raw.replace(userinfo[0], `${userinfo[1]}${redactUserinfo(userinfo[2] ?? '')}@`);
    return raw.includes('@') ? `${MASK}@${raw.slice(raw.lastIndexOf('@') + 1)}` : raw;
  }
  const out = url.password ? raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@]*?:).*@/i, `$1${MASK}@`) : raw;
  if (![...url.searchParams.keys()].some((k) => SECRET_QUERY_PARAM.test(k))) return out;
  return out.replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, key: string) =>
    SECRET_QUERY_PARAM.test(key) ? `${sep}${key}=${MASK}` : all,
  );
}

function redactUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon === -1 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Replaces every occurrence of every known secret (4+ characters) with `***`. The last line of defence. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  const longestFirst = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of longestFirst) out = out.split(secret).join(MASK);
  return out;
}

export function scrubIssues(issues: readonly ConfigIssue[], secrets: Iterable<string>): ConfigIssue[] {
  const list = [...secrets];
  return issues.map((issue) => ({
    ...issue,
    key: scrub(issue.key, list),
    message: scrub(issue.message, list),
  }));
}
