import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandParser, DEFAULT_REPLIES_DIR } from '../../../../src/actions/commands/index.js';

const dirs: string[] = [];

/** A copy of templates/replies with one file changed. */
function repliesWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'orderwatch-replies-'));
  dirs.push(dir);
  cpSync(DEFAULT_REPLIES_DIR, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createCommandParser: start-up checks', () => {
  it('loads the shipped templates', () => {
    expect(() => createCommandParser({ templatesDir: DEFAULT_REPLIES_DIR })).not.toThrow();
  });

  it.each([
    [
      'an action lacks its Chinese aliases',
      (t: string) => t.replace('zh: [合并, 合并订单]', 'zh: []'),
      /merge\.zh/,
    ],
    [
      'an action lacks its English aliases',
      (t: string) => t.replace(/^ {4}en: \[merge\]\n/m, ''),
      /merge\.en/,
    ],
    ['an action is missing', (t: string) => t.replace(/ {2}legit:\n(?: {4}.*\n)+/, ''), /commands\.legit/],
    ['an alias is blank', (t: string) => t.replace('en: [merge]', "en: ['  ']"), /merge\.en/],
    [
      'two commands share an alias',
      (t: string) => t.replace('en: [merge]', 'en: [merge, hold]'),
      /"hold" belongs to both/,
    ],
    [
      'an alias has a space',
      (t: string) => t.replace('en: [merge]', "en: [merge, 'mer ge']"),
      /contains a space/,
    ],
    [
      'a confirmation word list is empty',
      (t: string) => t.replace(/^confirm: .*$/m, 'confirm: []'),
      /confirm/,
    ],
  ])('fails when %s', (_, edit, message) => {
    const dir = repliesWith('commands.yaml', edit);
    expect(() => createCommandParser({ templatesDir: dir })).toThrow(message);
  });

  it('fails naming the file when commands.yaml is not YAML', () => {
    const dir = repliesWith('commands.yaml', (t) => `${t}\n  - : : [`);
    expect(() => createCommandParser({ templatesDir: dir })).toThrow(/commands\.yaml/);
  });

  it('fails when a template holds logic other than each', () => {
    const dir = repliesWith('parse-empty.hbs', (t) => `{{#if help}}${t}{{/if}}`);
    expect(() => createCommandParser({ templatesDir: dir })).toThrow(/only \{\{#each\}\} blocks/);
  });

  it('fails when a template does not parse', () => {
    const dir = repliesWith('help.hbs', (t) => `${t}{{#each commands}}`);
    expect(() => createCommandParser({ templatesDir: dir })).toThrow(/help\.hbs/);
  });

  it('fails when a template is missing', () => {
    const dir = repliesWith('parse-bad.hbs', (t) => t);
    rmSync(join(dir, 'parse-bad.hbs'));
    expect(() => createCommandParser({ templatesDir: dir })).toThrow(/parse-bad\.hbs/);
  });
});
