// loadConfig(env, file) → Config, or one ConfigError listing every bad key of the environment and the file.
import { readFileSync } from 'node:fs';
import { parseEnv, type Env } from './env.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { parseConfigFile } from './file.js';
import { defaultFileConfig } from './defaults.js';
import { scrubIssues } from './secrets.js';
import type { Config } from './types.js';

export const DEFAULT_CONFIG_PATH = 'orderwatch.yaml';

export interface ConfigFileSource {
  /** As shown in messages (`orderwatch.yaml:12:5 …`). */
  path: string;
  text: string;
}

/** fs.readFileSync-like: returns the text or throws an error with `code` (ENOENT, EACCES, …). */
export type ReadFile = (path: string) => string;

const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8');

/** Validates env and file together; throws ConfigError with every issue at once (secrets scrubbed). */
export function loadConfig(env: Env, file?: ConfigFileSource | null): Config {
  return build(env, file ?? null, []);
}

/** readConfigFile + loadConfig, so that a missing config file is reported along with every other issue. */
export function loadConfigFromFiles(env: Env, readFile: ReadFile = readUtf8): Config {
  let file: ConfigFileSource | null = null;
  let unreadable: readonly ConfigIssue[] = [];
  try {
    file = readConfigFile(env, readFile);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    unreadable = e.issues;
  }
  return build(env, file, unreadable);
}

/** For src/main.ts: the one place where process.env is read (DESIGN.md §2). */
export function processEnv(): Env {
  return process.env;
}

/**
 * The file named by ORDERWATCH_CONFIG (which must exist), else ./orderwatch.yaml when present, else null
 * (built-in defaults). Throws ConfigError when the file cannot be read.
 */
export function readConfigFile(env: Env, readFile: ReadFile = readUtf8): ConfigFileSource | null {
  const named = env.ORDERWATCH_CONFIG?.trim() || null;
  const path = named ?? DEFAULT_CONFIG_PATH;
  try {
    return { path, text: readFile(path) };
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' && named === null) return null;
    const why =
      code === 'ENOENT' ? 'does not exist' : `cannot be read (${typeof code === 'string' ? code : 'error'})`;
    throw new ConfigError([
      { key: 'ORDERWATCH_CONFIG', message: `the config file ${JSON.stringify(path)} ${why}` },
    ]);
  }
}

function build(env: Env, file: ConfigFileSource | null, earlier: readonly ConfigIssue[]): Config {
  const fromEnv = parseEnv(env);
  const fromFile = file ? parseConfigFile(file.text, file.path) : null;
  const issues = [...earlier, ...fromEnv.issues, ...(fromFile?.issues ?? [])];
  if (issues.length > 0) {
    throw new ConfigError(scrubIssues(issues, [...fromEnv.secrets, ...(fromFile?.secrets ?? [])]));
  }
  const { configPath: _requested, ...envPart } = fromEnv.value;
  return { ...envPart, ...(fromFile?.value ?? defaultFileConfig()), configFile: file?.path ?? null };
}
