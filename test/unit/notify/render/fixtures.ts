// Card fixtures: one realistic order per rule, run through the real rule at a fixed instant, so the
// details a card shows are exactly what the detector produces (a changed detail shape breaks a golden).
import { fileURLToPath } from 'node:url';
import { fakeClock } from '../../../../src/lib/clock.js';
import { createLinkSigner } from '../../../../src/lib/signed-link.js';
import { RULES } from '../../../../src/rules/catalogue/index.js';
import type { OrderFacts, Rule } from '../../../../src/rules/types.js';
import {
  createCardRenderer,
  type AlertCardInput,
  type DigestCardInput,
} from '../../../../src/notify/render/index.js';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../../../templates/cards', import.meta.url));
export const GOLDEN_DIR = fileURLToPath(new URL('../../../golden/cards', import.meta.url));
/** 18:05 in Beijing. */
export const NOW = '2026-11-22T10:05:00Z';
export const PUBLIC_URL = 'https://ow.example.com';
export const LINK_SECRET = 'golden-link-secret-do-not-use';

export const RAW = {
  buyerName: '王建国',
  buyerPhone: '13800138000',
  addressDetail: '文一西路 969 号 3 幢 1102 室',
} as const;

const at = (iso: string): Date => new Date(iso);

export function testRenderer(now = NOW) {
  const clock = fakeClock(now);
  const linkSigner = createLinkSigner({ secret: LINK_SECRET, clock });
  const renderer = createCardRenderer({
    templatesDir: TEMPLATES_DIR,
    publicUrl: PUBLIC_URL,
    clock,
    linkSigner,
  });
  return { clock, linkSigner, renderer };
}

/** A paid Taobao order in Hangzhou, overridable field by field. */
export function orderFacts(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    id: '8f0c6a52-3d1e-4b7a-9c44-2e5d1f6a7b01',
    channel: 'taobao',
    externalId: 'TB20261122001',
    status: 'paid',
    amountFen: 39_900,
    warehouse: 'hz-1',
    holdState: 'none',
    presale: false,
    createdAt: at('2026-11-22T06:50:00Z'),
    paidAt: at('2026-11-22T06:53:00Z'),
    pickedAt: null,
    packedAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    closedAt: null,
    promisedShipAt: at('2026-11-23T10:00:00Z'),
    trackingNo: null,
    carrier: null,
    collectedAt: null,
    lastScanAt: null,
    lastScanStatus: null,
    lastExceptionAt: null,
    buyerPhone: RAW.buyerPhone,
    phoneHash: 'hash-phone',
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    addressDetail: RAW.addressDetail,
    addressHash: 'hash-address',
    remark: '',
    refunds: [],
    phoneOrdersInWindow: 1,
    recipientOrdersSameDay: 1,
    channelsWithSamePhoneAndAddress: 1,
    ...overrides,
  };
}

function ruleById(id: string): Rule {
  const rule = RULES.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
}

/** The card input for `facts` as `ruleId` finds it at NOW (throws when the rule does not fire). */
export function alertInput(
  ruleId: string,
  facts: OrderFacts,
  extra: { buyerName?: string | null; alert?: Partial<AlertCardInput['alert']> } = {},
): AlertCardInput {
  const rule = ruleById(ruleId);
  const finding = rule.evaluate(facts, new Date(NOW), rule.defaults);
  if (finding === null) throw new Error(`fixture for ${ruleId} does not fire`);
  return {
    variant: 'alert',
    alert: {
      id: '3b9d2f7e-1c4a-4e8b-a6f0-7d2c5e9b1a30',
      rule: finding.rule,
      kind: finding.kind,
      severity: finding.severity,
      state: 'open',
      summary: finding.summary,
      details: finding.details,
      level: 0,
      claimedBy: null,
      openedAt: at('2026-11-22T09:50:00Z'),
      resolvedAt: null,
      resolveReason: null,
      ...extra.alert,
    },
    order: {
      id: facts.id,
      channel: facts.channel,
      externalId: facts.externalId,
      status: facts.status,
      amountFen: facts.amountFen,
      warehouse: facts.warehouse,
      buyerName: extra.buyerName === undefined ? RAW.buyerName : extra.buyerName,
      buyerPhone: facts.buyerPhone,
      province: facts.province,
      city: facts.city,
      district: facts.district,
      remark: facts.remark,
      trackingNo: facts.trackingNo,
      carrier: facts.carrier,
    },
    mentions: [{ name: '周敏', wecom: 'zhoumin', dingtalk: '0356271843' }],
  };
}

/** An unpicked order held up 4 h 30 min: critical, escalated to level 2. */
export function escalatedFixture(): AlertCardInput {
  const input = alertInput('stuck_unpicked', orderFacts({ paidAt: at('2026-11-22T05:35:00Z') }), {
    alert: { level: 2, openedAt: at('2026-11-22T07:35:00Z') },
  });
  return { ...input, variant: 'escalated' };
}

/** The unpicked order picked after 李娜 claimed it. */
export function resolvedFixture(): AlertCardInput {
  const input = alertInput('stuck_unpicked', orderFacts(), {
    alert: {
      state: 'resolved',
      claimedBy: '李娜',
      openedAt: at('2026-11-22T08:53:00Z'),
      resolvedAt: at('2026-11-22T10:05:00Z'),
      resolveReason: 'condition cleared; order is picking',
    },
  });
  return { ...input, variant: 'resolved' };
}

/** 37 alerts folded for one team: three groups, one with more examples than a line shows. */
export const DIGEST_FIXTURE: DigestCardInput = {
  team: 'hz-warehouse',
  total: 37,
  groups: [
    {
      rule: 'stuck_unpicked',
      warehouse: 'hz-1',
      count: 31,
      examples: [
        { externalId: 'TB20261122001', channel: 'taobao', summary: '已付款 3小时12分未拣货' },
        { externalId: 'JD318862471205', channel: 'jd', summary: '已付款 2小时40分未拣货' },
        { externalId: '261122-093748215630411', channel: 'pdd', summary: '已付款 2小时5分未拣货' },
        { externalId: 'TB20261122009', channel: 'taobao', summary: '已付款 2小时1分未拣货' },
      ],
    },
    {
      rule: 'stuck_unshipped',
      warehouse: 'sh-2',
      count: 4,
      examples: [{ externalId: 'JD318862471199', channel: 'jd', summary: '拣货完成 4小时45分未发货' }],
    },
    { rule: 'refund_approval', warehouse: null, count: 2, examples: [] },
  ],
  listUrl: 'https://ow.example.com/alerts?team=hz-warehouse&state=open',
  mentions: [{ name: '周敏', wecom: 'zhoumin', dingtalk: '0356271843' }],
};
