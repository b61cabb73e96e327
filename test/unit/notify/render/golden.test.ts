// Golden cards: every template rendered from a fixed fixture at a fixed time with a fixed link secret.
// A change to a template, a label or a rule's details shows up as a diff in test/golden/cards/*.json.
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../../src/rules/catalogue/index.js';
import { DIGEST_FIXTURE, GOLDEN_DIR, escalatedFixture, resolvedFixture, testRenderer } from './fixtures.js';
import { RULE_FIXTURES } from './rule-fixtures.js';

/** As `prettier --write` would leave the file, so formatting the repo never breaks a golden. */
async function json(v: unknown): Promise<string> {
  const config = await resolveConfig(join(GOLDEN_DIR, 'card.json'));
  return format(JSON.stringify(v, null, 2), { ...config, parser: 'json' });
}

describe('golden cards', () => {
  const { renderer } = testRenderer();

  it.each(RULES.map((r) => r.id))('renders the %s card as its golden file', async (id) => {
    const fixture = RULE_FIXTURES[id];
    expect(fixture, `fixtures.ts has no fixture for ${id}`).toBeDefined();
    await expect(await json(renderer.renderAlert(fixture!()))).toMatchFileSnapshot(
      join(GOLDEN_DIR, `${id}.json`),
    );
  });

  it('renders the resolved card as its golden file', async () => {
    await expect(await json(renderer.renderAlert(resolvedFixture()))).toMatchFileSnapshot(
      join(GOLDEN_DIR, 'resolved.json'),
    );
  });

  it('renders the escalated card as its golden file', async () => {
    await expect(await json(renderer.renderAlert(escalatedFixture()))).toMatchFileSnapshot(
      join(GOLDEN_DIR, 'escalated.json'),
    );
  });

  it('renders the digest card as its golden file', async () => {
    await expect(await json(renderer.renderDigest(DIGEST_FIXTURE))).toMatchFileSnapshot(
      join(GOLDEN_DIR, 'digest.json'),
    );
  });
});
