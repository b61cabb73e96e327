// What an alert or digest card says and offers: buttons per kind, colour and status per state, rule
// details in words, the signed link, the preview and the render time.
import { describe, expect, it } from 'vitest';
import { createCardRenderer } from '../../../../src/notify/render/index.js';
import { fakeClock } from '../../../../src/lib/clock.js';
import { createLinkSigner } from '../../../../src/lib/signed-link.js';
import { RULES } from '../../../../src/rules/catalogue/index.js';
import {
  DIGEST_FIXTURE,
  LINK_SECRET,
  PUBLIC_URL,
  TEMPLATES_DIR,
  escalatedFixture,
  resolvedFixture,
  testRenderer,
} from './fixtures.js';
import { fixture, withAlert } from './rule-fixtures.js';

const { renderer, linkSigner } = testRenderer();

describe('buttons', () => {
  it.each([
    ['stuck_unpicked', ['claim', 'hold', 'snooze', 'resolve']],
    ['logistics_exception', ['claim', 'snooze', 'resolve']],
    ['suspect_phone_velocity', ['claim', 'hold', 'legit', 'release']],
    ['suspect_cross_channel_duplicate', ['claim', 'hold', 'legit', 'release', 'merge']],
    ['refund_approval', ['approve', 'reject', 'claim']],
  ])('offers the %s card its kind’s actions', (rule, actions) => {
    const card = renderer.renderAlert(fixture(rule));
    expect(card.buttons.map((b) => b.action)).toEqual(actions);
    for (const b of card.buttons) {
      expect(b.key).toBe(`ow1.${b.action}.${card.alertId}`);
      expect(Buffer.byteLength(b.key)).toBeLessThanOrEqual(1024);
    }
  });

  it.each([
    ['claim', '认领'],
    ['resolve', '处理完成'],
    ['snooze', '静默'],
    ['hold', '拦截'],
    ['release', '放行'],
    ['approve', '批准退款'],
    ['reject', '驳回'],
    ['legit', '标记正常'],
    ['merge', '合并'],
  ])('labels the %s button %s', (action, label) => {
    const labels = RULES.flatMap((r) => renderer.renderAlert(fixture(r.id)).buttons).filter(
      (b) => b.action === action,
    );
    expect(labels.length).toBeGreaterThan(0);
    for (const b of labels) expect(b.label).toBe(label);
  });

  it('drops the claim button when someone has claimed the alert', () => {
    const card = renderer.renderAlert(
      withAlert(fixture('stuck_unpicked'), { state: 'claimed', claimedBy: '李娜' }),
    );
    expect(card.buttons.map((b) => b.action)).toEqual(['hold', 'snooze', 'resolve']);
  });

  it.each(['resolved', 'alert'] as const)(
    'shows no buttons when the alert is resolved (variant %s)',
    (variant) => {
      const card = renderer.renderAlert({ ...resolvedFixture(), variant });
      expect(card.buttons).toEqual([]);
    },
  );

  it('refuses an alert id that would break the button key when it contains a dot', () => {
    expect(() => renderer.renderAlert(withAlert(fixture('stuck_unpicked'), { id: 'a.b' }))).toThrow(
      /button key/,
    );
  });
});

describe('colour and status', () => {
  it.each([
    ['alert', 'critical', 'open', null, 'red', '待处理'],
    ['alert', 'warning', 'open', null, 'orange', '待处理'],
    ['alert', 'info', 'open', null, 'blue', '待处理'],
    ['alert', 'warning', 'claimed', '李娜', 'grey', '李娜 已认领'],
    ['alert', 'warning', 'claimed', null, 'grey', '已认领'],
    ['escalated', 'critical', 'open', null, 'red', '待处理'],
    ['escalated', 'warning', 'open', null, 'orange', '待处理'],
    ['escalated', 'info', 'claimed', '李娜', 'orange', '李娜 已认领'],
  ] as const)(
    'colours a %s %s %s alert (claimed by %s) %s with status %j',
    (variant, severity, state, by, colour, status) => {
      const card = renderer.renderAlert({
        ...withAlert(fixture('stuck_unpicked'), { severity, state, claimedBy: by }),
        variant,
      });
      expect(card.colour).toBe(colour);
      expect(card.status).toBe(status);
    },
  );

  it('colours a resolved card green and gives the reason when it resolves', () => {
    const card = renderer.renderAlert(resolvedFixture());
    expect(card.colour).toBe('green');
    expect(card.status).toBe('已恢复：条件已解除，订单拣货中');
    expect(card.title).toBe('待拣货超时已恢复 · TB20261122001'); // the reason is on the status line only
  });

  it('says only 已恢复 when a resolved alert has no reason', () => {
    const card = renderer.renderAlert(withAlert(resolvedFixture(), { resolveReason: null }));
    expect(card.status).toBe('已恢复');
  });

  it('puts the level line first when the alert escalates', () => {
    const card = renderer.renderAlert(escalatedFixture());
    expect(card.title).toBe('【升级】待拣货超时 · TB20261122001');
    expect(card.facts[0]).toEqual({ label: '升级', value: '第 2 级 · 已持续 2小时30分' });
  });
});

describe('rule details on cards', () => {
  it('says the promised time has passed when it is past', () => {
    const input = fixture('stuck_promise_risk');
    input.alert.details = { ...input.alert.details, promisedShipAt: '2026-11-22T09:35:00Z', past: true };
    expect(renderer.renderAlert(input).summary).toMatch(/^已超过承诺发货时间 30分钟，/);
  });

  it('recomputes waiting time from the clock when the card is re-rendered later', () => {
    const later = testRenderer('2026-11-22T11:05:00Z').renderer;
    expect(later.renderAlert(fixture('stuck_unpicked')).summary).toContain('付款已 4小时12分');
  });

  it.each([
    [{ missing: true, matchedWords: [], length: 0, tooShort: true }, '收件地址没有填写详细地址'],
    [{ missing: false, matchedWords: [], length: 3, tooShort: true }, '详细地址过短（仅 3 个字）'],
    [
      { missing: false, matchedWords: ['附近', '对面'], length: 9, tooShort: false },
      '详细地址含模糊字眼「附近、对面」',
    ],
  ])('describes the vague address %j as %j', (details, problem) => {
    const card = renderer.renderAlert(withAlert(fixture('suspect_vague_address'), { details }));
    expect(card.summary.startsWith(`${problem}，`)).toBe(true);
  });

  it('asks for one approver and counts pending refunds when the refund is small', () => {
    const input = fixture('refund_approval');
    input.alert.details = { ...input.alert.details, secondApprover: false, pendingRefunds: 2 };
    const card = renderer.renderAlert(input);
    expect(card.summary).toMatch(/需一人审批$/);
    expect(card.facts).toContainEqual({ label: '待审批', value: '2 笔' });
  });

  it('titles a complaint remark as 投诉 when the classifier says complaint', () => {
    const input = fixture('remark_urgent');
    input.alert.details = { label: 'complaint', confidence: 0.87, remark: '等了一周还不发货，投诉' };
    const card = renderer.renderAlert(input);
    expect(card.title).toBe('买家备注投诉 · TB20261122145');
    expect(card.summary).toContain('置信度 87%');
  });

  it('shows — instead of crashing when details lack a value', () => {
    const card = renderer.renderAlert(withAlert(fixture('logistics_exception'), { details: {} }));
    expect(card.summary).toContain('快递于 — 上报派送异常');
  });
});

describe('link, preview, time', () => {
  it('links the signed order page when it renders an alert', () => {
    const card = renderer.renderAlert(fixture('stuck_unpicked'));
    expect(card.link?.label).toBe('查看订单');
    const prefix = `${PUBLIC_URL}/o/`;
    expect(card.link?.url.startsWith(prefix)).toBe(true);
    const token = card.link!.url.slice(prefix.length);
    expect(linkSigner.verify(token)).toEqual({ orderId: fixture('stuck_unpicked').order.id });
  });

  it('makes the link expire after 7 days when no TTL is given', () => {
    const clock = fakeClock('2026-11-22T10:05:00Z');
    const signer = createLinkSigner({ secret: LINK_SECRET, clock });
    const r = createCardRenderer({
      templatesDir: TEMPLATES_DIR,
      publicUrl: `${PUBLIC_URL}/`,
      clock,
      linkSigner: signer,
    });
    const url = r.renderAlert(fixture('stuck_unpicked')).link!.url;
    expect(url.startsWith(`${PUBLIC_URL}/o/`)).toBe(true);
    const token = url.split('/o/')[1]!;
    clock.advance(7 * 24 * 3600_000 - 1000);
    expect(signer.verify(token)).toHaveProperty('orderId');
    clock.advance(1000);
    expect(signer.verify(token)).toEqual({ error: 'expired' });
  });

  it('stamps renderedAt in Beijing time from the injected clock', () => {
    expect(renderer.renderAlert(fixture('stuck_unpicked')).renderedAt).toBe('11-22 18:05');
    expect(renderer.renderDigest(DIGEST_FIXTURE).renderedAt).toBe('11-22 18:05');
  });

  it('keeps the preview within 2048 bytes when the digest is huge', () => {
    const groups = Array.from({ length: 200 }, (_, i) => ({
      rule: 'stuck_unpicked',
      warehouse: `wh-${i}`,
      count: 5,
      examples: [{ externalId: `TB2026112200${i}`, channel: 'taobao', summary: '已付款 3小时未拣货' }],
    }));
    const card = renderer.renderDigest({ ...DIGEST_FIXTURE, total: 1000, groups });
    expect(Buffer.byteLength(card.preview)).toBeLessThanOrEqual(2048);
    expect(card.digest?.lines).toHaveLength(200);
  });

  it('cuts a long remark to fit the fact when the buyer wrote an essay', () => {
    const input = fixture('suspect_test_order');
    input.order.remark = `测试单${'请勿发货'.repeat(100)}`;
    const value = renderer.renderAlert(input).facts.find((f) => f.label === '买家备注')!.value;
    expect(Array.from(value).length).toBeLessThanOrEqual(40);
    expect(value.endsWith('…')).toBe(true);
  });

  it('shows at most 3 examples per digest line and the list link', () => {
    const card = renderer.renderDigest(DIGEST_FIXTURE);
    expect(card.digest?.lines[0]).toMatchObject({ label: 'hz-1 仓 · 待拣货超时', count: 31 });
    expect(card.digest?.lines[0]?.examples).toHaveLength(3);
    expect(card.link).toEqual({ label: '查看全部告警', url: DIGEST_FIXTURE.listUrl });
    expect(card).toMatchObject({ variant: 'digest', alertId: null, severity: null, buttons: [] });
  });

  it('passes mentions through when it renders a card', () => {
    expect(renderer.renderAlert(fixture('stuck_unpicked')).mentions).toEqual([
      { name: '周敏', wecom: 'zhoumin', dingtalk: '0356271843' },
    ]);
  });
});
