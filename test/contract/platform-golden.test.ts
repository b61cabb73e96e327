// Golden payloads per template × platform form: every card the CardModel goldens use (each rule as an alert,
// plus resolved, escalated and digest) built into the four payloads the adapters send, compared with
// test/golden/platforms/<template>.<form>.json and checked against what each platform accepts.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { CARD_PARAM_KEYS, buildCreateAndDeliver, buildWebhookMessage } from '../../bots/dingtalk/payloads.js';
import { MARKDOWN_MAX_BYTES } from '../../bots/dingtalk/markdown.js';
import { resolveOptions, type EmulatorContext } from '../../bots/sandbox/dingtalk/context.js';
import { validateCreate, type CreateBody } from '../../bots/sandbox/dingtalk/card-validate.js';
import { emptyState } from '../../bots/sandbox/dingtalk/state.js';
import { parseWebhookMessage } from '../../bots/sandbox/dingtalk/webhook-message.js';
import { validateTemplateCard } from '../../bots/sandbox/wecom/card-validate.js';
import { buildAppTemplateCard, buildWebhookMarkdown } from '../../bots/wecom/payloads.js';
import { RULES } from '../../src/rules/catalogue/index.js';
import type { CardModel } from '../../src/notify/card-model.js';
import type { AlertCardInput } from '../../src/notify/render/index.js';
import {
  DIGEST_FIXTURE,
  RAW,
  escalatedFixture,
  resolvedFixture,
  testRenderer,
} from '../unit/notify/render/fixtures.js';
import { fixture } from '../unit/notify/render/rule-fixtures.js';

const PLATFORM_DIR = fileURLToPath(new URL('../golden/platforms', import.meta.url));
const FORMS = ['wecom-app', 'wecom-webhook', 'dingtalk-card', 'dingtalk-webhook'] as const;
type Form = (typeof FORMS)[number];

/** Fixed targets, so a golden changes only when a card or a builder does. */
const WECOM_APP = { taskId: 'golden-task-1', agentId: 1000002, users: ['zhoumin', 'lina'] };
const DINGTALK_CARD = {
  outTrackId: 'golden-track-1',
  cardTemplateId: 'orderwatch-alert.schema',
  conversationId: 'cidGoldenGroup==',
  robotCode: 'dinggoldenrobot',
};
const MSG_UUID = 'golden-msg-1';
/** The fixtures mention 周敏, who has these ids. */
const MENTIONED = { wecom: 'zhoumin', dingtalk: '0356271843' };

const { renderer } = testRenderer();

interface Template {
  name: string;
  card: CardModel;
  /** Raw customer data the input carried, which no payload may show. */
  raw: string[];
}

function alertTemplate(name: string, input: AlertCardInput): Template {
  const raw = [RAW.buyerPhone, RAW.addressDetail, input.order.buyerPhone, input.order.buyerName];
  return {
    name,
    card: renderer.renderAlert(input),
    raw: raw.filter((r): r is string => !!r && r.length > 1),
  };
}

const TEMPLATES: Template[] = [
  ...RULES.map((r) => alertTemplate(r.id, fixture(r.id))),
  alertTemplate('resolved', resolvedFixture()),
  alertTemplate('escalated', escalatedFixture()),
  { name: 'digest', card: renderer.renderDigest(DIGEST_FIXTURE), raw: [RAW.buyerPhone, RAW.addressDetail] },
];

function payload(card: CardModel, form: Form) {
  switch (form) {
    case 'wecom-app':
      return buildAppTemplateCard(card, WECOM_APP);
    case 'wecom-webhook':
      return buildWebhookMarkdown(card);
    case 'dingtalk-card':
      return buildCreateAndDeliver(card, DINGTALK_CARD);
    case 'dingtalk-webhook':
      return buildWebhookMessage(card, MSG_UUID);
  }
}

/** As `prettier --write` would leave the file, so formatting the repo never breaks a golden. */
async function json(v: unknown): Promise<string> {
  const config = await resolveConfig(join(PLATFORM_DIR, 'payload.json'));
  return format(JSON.stringify(v, null, 2), { ...config, parser: 'json' });
}

/** A DingTalk emulator's view of the world, enough to run its createAndDeliver validation offline. */
function dingtalkContext(): EmulatorContext {
  const opts = resolveOptions({
    clientId: DINGTALK_CARD.robotCode,
    clientSecret: 'unused',
    templates: { [DINGTALK_CARD.cardTemplateId]: { paramKeys: [...CARD_PARAM_KEYS] } },
    conversations: {
      [DINGTALK_CARD.conversationId]: { title: '杭州仓告警群', members: [MENTIONED.dingtalk, 'u-li'] },
    },
  });
  return { opts, now: () => 0, state: emptyState(), url: '' };
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

describe('platform goldens', () => {
  it('fails when a rule in RULES (or another template) has no golden in some form, or a golden is stale', () => {
    const expected = TEMPLATES.flatMap((t) => FORMS.map((f) => `${t.name}.${f}.json`)).sort();
    const onDisk = existsSync(PLATFORM_DIR) ? readdirSync(PLATFORM_DIR).sort() : [];
    expect(onDisk).toEqual(expected);
  });

  describe.each(TEMPLATES)('$name', ({ name, card, raw }) => {
    it.each(FORMS)('builds the %s payload as its golden file', async (form) => {
      const body = payload(card, form);
      await expect(await json(body)).toMatchFileSnapshot(join(PLATFORM_DIR, `${name}.${form}.json`));
      const text = JSON.stringify(body);
      for (const value of raw) expect(text).not.toContain(value);
      expect(text).not.toMatch(PHONE);
    });

    it('builds a WeCom app card the platform accepts', () => {
      const body = buildAppTemplateCard(card, WECOM_APP);
      expect(validateTemplateCard(body.template_card, 'app')).toBeNull();
    });

    it('builds WeCom webhook markdown within 4096 bytes that @-mentions the on-duty person', () => {
      const { content } = buildWebhookMarkdown(card).markdown;
      expect(bytes(content)).toBeLessThanOrEqual(4096);
      expect(content).toContain(`<@${MENTIONED.wecom}>`);
    });

    it('builds a DingTalk card with exactly the template keys, each a string of at most 1 KB', () => {
      const body = buildCreateAndDeliver(card, DINGTALK_CARD);
      const params = body.cardData.cardParamMap as Record<string, unknown>;
      expect(Object.keys(params).sort()).toEqual([...CARD_PARAM_KEYS].sort());
      for (const value of Object.values(params)) {
        expect(typeof value).toBe('string');
        expect(bytes(value as string)).toBeLessThanOrEqual(1024);
      }
      expect(validateCreate(dingtalkContext(), body as CreateBody).unknownKeys).toEqual([]);
    });

    it('builds a DingTalk webhook message the robot accepts, with the mention highlighted', () => {
      const body = buildWebhookMessage(card, MSG_UUID);
      expect(bytes(body.markdown.text)).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
      expect(parseWebhookMessage(body).highlighted).toEqual([MENTIONED.dingtalk]);
    });
  });
});
