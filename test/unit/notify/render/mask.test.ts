import { describe, expect, it } from 'vitest';
import { maskFreeText, maskName, maskPhoneOrNull, regionOf } from '../../../../src/notify/render/index.js';
import { RAW, escalatedFixture, resolvedFixture, testRenderer } from './fixtures.js';
import { RULE_FIXTURES } from './rule-fixtures.js';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['王建国', '王*'],
    ['欧阳娜娜', '欧阳*'],
    ['司马懿', '司马*'],
    ['欧阳', '欧*'],
    ['张', '*'],
    ['  李秀英 ', '李*'],
    ['阿卜杜拉·买买提', '阿*'],
    ['John Smith', 'J*'],
    ['𠀋小明', '𠀋*'],
  ])('shows %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([[null], [''], ['   ']])('gives null when the name is %j', (name) => {
    expect(maskName(name)).toBeNull();
  });
});

describe('maskPhoneOrNull', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['057188886666', '057****6666'],
    [null, null],
    ['', null],
  ])('shows %j as %j', (phone, masked) => {
    expect(maskPhoneOrNull(phone)).toBe(masked);
  });
});

describe('regionOf', () => {
  it.each([
    [['浙江省', '杭州市', '西湖区'], '浙江省杭州市西湖区'],
    [['北京市', '北京市', '朝阳区'], '北京市朝阳区'],
    [['广东省', null, ''], '广东省'],
    [[null, null, null], null],
  ])('joins %j as %j', (parts, region) => {
    expect(regionOf(parts)).toBe(region);
  });
});

describe('maskFreeText', () => {
  it.each([
    ['到了打电话 13800138000', '到了打电话 138****8000'],
    ['电话 138-0013-8000 找王先生', '电话 138****8000 找王先生'],
    ['身份证 11010519491231002X 报关用', '身份证 110****002X 报关用'],
    ['门牌 969 号', '门牌 969 号'],
    ['  多个\n\n空白  ', '多个 空白'],
  ])('masks long numbers in %j', (text, shown) => {
    expect(maskFreeText(text, 100)).toBe(shown);
  });

  it('cuts text longer than the limit with an ellipsis when it is too long', () => {
    expect(maskFreeText('一二三四五六七八九十', 5)).toBe('一二三四…');
  });
});

describe('customer data on cards', () => {
  const { renderer } = testRenderer();
  const inputs = [
    ...Object.entries(RULE_FIXTURES).map(([rule, make]) => [rule, make()] as const),
    ['resolved', resolvedFixture()] as const,
    ['escalated', escalatedFixture()] as const,
  ];

  it.each(inputs)('never shows the raw phone, address detail or full name on the %s card', (_name, input) => {
    const leaky = {
      ...input,
      order: { ...input.order, remark: `放门口，电话 ${RAW.buyerPhone}` },
      // A detail a rule might add one day: the card shows only what its view picks from details.
      alert: { ...input.alert, details: { ...input.alert.details, addressDetail: RAW.addressDetail } },
    };
    const text = JSON.stringify(renderer.renderAlert(leaky));
    expect(text).not.toContain(RAW.buyerPhone);
    expect(text).not.toContain(RAW.addressDetail);
    expect(text).not.toContain('文一西路');
    expect(text).not.toContain(input.order.buyerName ?? RAW.buyerName);
  });

  it('masks a phone number inside the remark the remark_urgent card quotes', () => {
    const input = RULE_FIXTURES.remark_urgent!();
    input.alert.details = { ...input.alert.details, remark: '急用！到了打 13912345678' };
    const card = renderer.renderAlert(input);
    expect(JSON.stringify(card)).not.toContain('13912345678');
    expect(card.facts).toContainEqual({ label: '买家备注', value: '急用！到了打 139****5678' });
  });

  it('masks a phone number inside a digest example summary', () => {
    const card = renderer.renderDigest({
      team: null,
      total: 1,
      groups: [
        {
          rule: 'remark_urgent',
          warehouse: 'hz-1',
          count: 1,
          examples: [{ externalId: 'TB1', channel: 'taobao', summary: '备注：打 13912345678' }],
        },
      ],
      listUrl: 'https://ow.example.com/alerts',
      mentions: [],
    });
    expect(JSON.stringify(card)).not.toContain('13912345678');
  });
});
