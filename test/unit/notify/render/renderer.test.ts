// Templates as a set: one per rule, loaded and checked at start-up, within the platforms' limits.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardModel } from '../../../../src/notify/card-model.js';
import { createCardRenderer } from '../../../../src/notify/render/index.js';
import { fakeClock } from '../../../../src/lib/clock.js';
import { RULES } from '../../../../src/rules/catalogue/index.js';
import { DIGEST_FIXTURE, PUBLIC_URL, TEMPLATES_DIR, resolvedFixture, testRenderer } from './fixtures.js';
import { RULE_FIXTURES, fixture, withAlert } from './rule-fixtures.js';

const { renderer, linkSigner } = testRenderer();

/** Every card the templates can make: each rule as alert and escalated, resolved, digest. */
function everyCard(): [string, CardModel][] {
  const cards: [string, CardModel][] = [];
  for (const rule of RULES) {
    cards.push([rule.id, renderer.renderAlert(fixture(rule.id))]);
    cards.push([`${rule.id} escalated`, renderer.renderAlert({ ...fixture(rule.id), variant: 'escalated' })]);
    cards.push([
      `${rule.id} resolved`,
      renderer.renderAlert(withAlert(resolvedFixture(), { rule: rule.id })),
    ]);
  }
  cards.push(['digest', renderer.renderDigest(DIGEST_FIXTURE)]);
  return cards;
}

describe('templates', () => {
  it('has a template, a name and a view for every rule in RULES', () => {
    expect(() => renderer.assertTemplatesFor(RULES.map((r) => r.id))).not.toThrow();
  });

  it('has a fixture for every rule in RULES', () => {
    expect(Object.keys(RULE_FIXTURES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it.each(readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.hbs')))('keeps logic out of %s', (file) => {
    const source = readFileSync(join(TEMPLATES_DIR, file), 'utf8');
    expect(source).not.toMatch(/\{\{[#^/]?\s*(if|unless|with|lookup|else)\b/);
    expect(source).not.toMatch(/\{\{\{/);
  });

  it.each(everyCard())('keeps the %s card within 6 facts of ≤5-character labels', (_name, card) => {
    expect(card.facts.length).toBeLessThanOrEqual(6);
    for (const f of card.facts) expect(Array.from(f.label).length).toBeLessThanOrEqual(5);
    for (const f of card.facts) expect(f.value).not.toBe('');
    expect(Array.from(card.title).length).toBeLessThanOrEqual(36);
    expect(card.title).not.toBe('');
    expect(card.summary).not.toBe('');
    expect(card.buttons.length).toBeLessThanOrEqual(6);
  });
});

describe('start-up checks', () => {
  let dir: string | null = null;
  const copyTemplates = (): string => {
    dir = mkdtempSync(join(tmpdir(), 'ow-cards-'));
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    return dir;
  };
  const rendererFor = (templatesDir: string) =>
    createCardRenderer({
      templatesDir,
      publicUrl: PUBLIC_URL,
      clock: fakeClock('2026-11-22T00:00:00Z'),
      linkSigner,
    });
  afterEach(() => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('names the rule when its template is missing', () => {
    const d = copyTemplates();
    rmSync(join(d, 'logistics_exception.hbs'));
    const r = rendererFor(d);
    expect(() => r.assertTemplatesFor(RULES.map((x) => x.id))).toThrow(/logistics_exception/);
  });

  it('names a rule that has a template but no card view', () => {
    const d = copyTemplates();
    writeFileSync(join(d, 'brand_new_rule.hbs'), '{{#title}}新规则{{/title}}');
    expect(() => rendererFor(d).assertTemplatesFor(['brand_new_rule'])).toThrow(/brand_new_rule/);
  });

  it.each(['resolved', 'escalated', 'digest'])('refuses to start when %s.hbs is missing', (name) => {
    const d = copyTemplates();
    rmSync(join(d, `${name}.hbs`));
    expect(() => rendererFor(d)).toThrow(new RegExp(name));
  });

  it('refuses to start when a template does not parse', () => {
    const d = copyTemplates();
    writeFileSync(join(d, 'stuck_unpicked.hbs'), '{{#title}}待拣货超时{{/titel}}');
    expect(() => rendererFor(d)).toThrow(/stuck_unpicked\.hbs/);
  });

  it('refuses to start when labels.yaml lacks a word', () => {
    const d = copyTemplates();
    const yaml = readFileSync(join(d, 'labels.yaml'), 'utf8').replace(/^ {2}approve: .*$/m, '');
    writeFileSync(join(d, 'labels.yaml'), yaml);
    expect(() => rendererFor(d)).toThrow(/button\.approve/);
  });

  it('throws when a template reads a field the view does not have', () => {
    const d = copyTemplates();
    writeFileSync(join(d, 'stuck_unpicked.hbs'), '{{#title}}{{order.externalld}}{{/title}}');
    expect(() => rendererFor(d).renderAlert(fixture('stuck_unpicked'))).toThrow(/externalld/);
  });

  it('loads templates once when rendering many cards', () => {
    const d = copyTemplates();
    const r = rendererFor(d);
    rmSync(join(d, 'stuck_unpicked.hbs'));
    expect(r.renderAlert(fixture('stuck_unpicked')).title).toContain('待拣货超时');
  });
});
