// One realistic firing order per rule in RULES (see fixtures.ts for how an order becomes a card input).
import type { OrderFacts } from '../../../../src/rules/types.js';
import type { AlertCardInput } from '../../../../src/notify/render/index.js';
import { alertInput, orderFacts } from './fixtures.js';

const at = (iso: string): Date => new Date(iso);

const shipped = (o: Partial<OrderFacts>): Partial<OrderFacts> => ({
  status: 'shipped',
  pickedAt: at('2026-11-21T04:00:00Z'),
  packedAt: at('2026-11-21T05:00:00Z'),
  ...o,
});

/** One firing order per rule in RULES. */
export const RULE_FIXTURES: Record<string, () => AlertCardInput> = {
  stuck_unpicked: () => alertInput('stuck_unpicked', orderFacts()),
  stuck_unshipped: () =>
    alertInput(
      'stuck_unshipped',
      orderFacts({
        channel: 'jd',
        externalId: 'JD318862471205',
        status: 'picking',
        warehouse: 'sh-2',
        amountFen: 129_900,
        pickedAt: at('2026-11-22T05:20:00Z'),
        province: '上海市',
        city: '上海市',
        district: '浦东新区',
      }),
      { buyerName: '李秀英' },
    ),
  stuck_promise_risk: () =>
    alertInput(
      'stuck_promise_risk',
      orderFacts({
        channel: 'pdd',
        externalId: '261122-093748215630411',
        amountFen: 5_990,
        promisedShipAt: at('2026-11-22T10:35:00Z'),
      }),
      { buyerName: '欧阳娜娜' },
    ),
  logistics_no_pickup: () =>
    alertInput(
      'logistics_no_pickup',
      orderFacts(
        shipped({
          channel: 'douyin',
          externalId: '6938127745521903362',
          shippedAt: at('2026-11-21T07:40:00Z'),
          carrier: '中通快递',
          trackingNo: 'ZT78341209933',
        }),
      ),
    ),
  logistics_no_update: () =>
    alertInput(
      'logistics_no_update',
      orderFacts(
        shipped({
          channel: 'tmall',
          externalId: 'TM20261118045',
          amountFen: 259_900,
          shippedAt: at('2026-11-18T09:00:00Z'),
          collectedAt: at('2026-11-18T11:00:00Z'),
          lastScanAt: at('2026-11-19T22:10:00Z'),
          lastScanStatus: 'in_transit',
          carrier: '顺丰速运',
          trackingNo: 'SF1428806653371',
          province: '广东省',
          city: '深圳市',
          district: '南山区',
        }),
      ),
      { buyerName: '陈晓明' },
    ),
  logistics_exception: () =>
    alertInput(
      'logistics_exception',
      orderFacts(
        shipped({
          channel: 'kuaishou',
          externalId: 'KS2611200187634',
          amountFen: 16_800,
          shippedAt: at('2026-11-20T03:00:00Z'),
          lastScanAt: at('2026-11-22T08:30:00Z'),
          lastExceptionAt: at('2026-11-22T08:30:00Z'),
          lastScanStatus: 'exception',
          carrier: '圆通速递',
          trackingNo: 'YT7512984430126',
          province: '四川省',
          city: '成都市',
          district: '武侯区',
        }),
      ),
      { buyerName: '刘洋' },
    ),
  logistics_remote_region: () =>
    alertInput(
      'logistics_remote_region',
      orderFacts({
        externalId: 'TB20261122036',
        province: '新疆维吾尔自治区',
        city: '乌鲁木齐市',
        district: '天山区',
      }),
      { buyerName: '阿依古丽' },
    ),
  suspect_phone_velocity: () =>
    alertInput(
      'suspect_phone_velocity',
      orderFacts({
        channel: 'pdd',
        externalId: '261122-101523884120977',
        amountFen: 1_990,
        phoneOrdersInWindow: 6,
      }),
      { buyerName: '赵磊' },
    ),
  suspect_recipient_daily: () =>
    alertInput(
      'suspect_recipient_daily',
      orderFacts({ channel: 'douyin', externalId: '6938130021457781021', recipientOrdersSameDay: 4 }),
      { buyerName: '孙丽' },
    ),
  suspect_early_refund: () =>
    alertInput(
      'suspect_early_refund',
      orderFacts({
        externalId: 'TB20261122088',
        createdAt: at('2026-11-22T09:58:00Z'),
        paidAt: at('2026-11-22T09:58:30Z'),
        refunds: [
          {
            refundId: 'RF20261122000873',
            amountFen: 39_900,
            reason: '不想要了',
            requestedAt: at('2026-11-22T10:01:20Z'),
            cancelledAt: null,
          },
        ],
      }),
    ),
  suspect_vague_address: () =>
    alertInput(
      'suspect_vague_address',
      orderFacts({ externalId: 'TB20261122102', addressDetail: '万达广场附近' }),
      { buyerName: '周杰' },
    ),
  suspect_cross_channel_duplicate: () =>
    alertInput(
      'suspect_cross_channel_duplicate',
      orderFacts({ channel: 'miniapp', externalId: 'MP20261122000158', channelsWithSamePhoneAndAddress: 2 }),
    ),
  suspect_test_order: () =>
    alertInput(
      'suspect_test_order',
      orderFacts({ externalId: 'TB20261122120', amountFen: 100, remark: '测试单 请勿发货' }),
      { buyerName: '吴测试' },
    ),
  refund_approval: () =>
    alertInput(
      'refund_approval',
      orderFacts({
        channel: 'jd',
        externalId: 'JD318870015532',
        status: 'delivered',
        amountFen: 268_000,
        refunds: [
          {
            refundId: 'JDRF5581203477',
            amountFen: 268_000,
            reason: '商品与描述不符，申请全额退款',
            requestedAt: at('2026-11-22T09:42:00Z'),
            cancelledAt: null,
          },
        ],
      }),
      { buyerName: '郑海涛' },
    ),
  remark_urgent: () => {
    const input = alertInput(
      'remark_urgent',
      orderFacts({ externalId: 'TB20261122145', remark: '明天就要用，麻烦今天一定发出！！' }),
      { buyerName: '林静' },
    );
    // The confidence is the classifier's: pinned, so retraining it does not rewrite this golden card.
    input.alert.details = { ...input.alert.details, confidence: 0.93 };
    return input;
  },
};

/** The fixture for one rule, fresh each call. */
export function fixture(rule: string): AlertCardInput {
  const make = RULE_FIXTURES[rule];
  if (make === undefined) throw new Error(`rule-fixtures.ts has no fixture for ${rule}`);
  return make();
}

export function withAlert(input: AlertCardInput, alert: Partial<AlertCardInput['alert']>): AlertCardInput {
  return { ...input, alert: { ...input.alert, ...alert } };
}
