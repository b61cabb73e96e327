// What demo buyers order and how it travels: SKUs with yuan prices, carriers with their waybill formats,
// scan texts, and the words buyers write (remarks, refund reasons).
import type { Dice } from './random.js';

export interface Product {
  sku: string;
  name: string;
  priceFen: number;
}

const product = (sku: string, name: string, priceFen: number): Product => ({ sku, name, priceFen });

export const PRODUCTS: readonly Product[] = [
  product('TS-2611-WH-M', '纯棉圆领短袖T恤 白色 M', 7900),
  product('DR-1108-BK-S', '法式碎花连衣裙 黑色 S', 29900),
  product('JK-0921-KH-L', '工装夹克 卡其 L', 45900),
  product('DJ-1111-GR-XL', '轻薄羽绒服 灰色 XL', 69900),
  product('SN-3301-42', '复古休闲运动鞋 42码', 36900),
  product('SK-AM-50ML', '玻尿酸保湿精华液 50ml', 23900),
  product('SK-FM-10P', '补水面膜 10片装', 9900),
  product('LP-RD-06', '丝绒哑光口红 #06', 16900),
  product('EL-TWS-PRO', '降噪蓝牙耳机 Pro', 59900),
  product('EL-PB-20K', '20000毫安充电宝', 14900),
  product('EL-CB-C2C', '快充数据线 1m', 2990),
  product('HM-KT-17L', '304不锈钢电热水壶 1.7L', 12900),
  product('HM-PL-60', '记忆棉枕头 60cm', 18900),
  product('FD-NUT-750', '每日坚果 750g 30袋', 13900),
  product('FD-TEA-LJ250', '明前龙井茶 250g', 36800),
  product('FD-RICE-5KG', '五常大米 5kg', 7990),
  product('BB-DP-L60', '婴儿纸尿裤 L码 60片', 12900),
  product('TY-LG-1500', '积木拼装玩具 1500粒', 39900),
  product('SP-YM-6MM', '加厚瑜伽垫 6mm', 8900),
  product('PT-CF-2KG', '全价猫粮 2kg', 11900),
];

/** Big-ticket goods: refunds of these need two approvers (≥ ¥2000). */
export const BIG_TICKET: readonly Product[] = [
  product('AP-RF-258L', '变频冰箱 双门 258L', 229900),
  product('DG-PH-5G', '5G 智能手机 256GB', 349900),
  product('DG-NB-14', '轻薄笔记本电脑 14英寸', 529900),
];

export interface Carrier {
  name: string;
  tracking: (d: Dice) => string;
}

export const CARRIERS: readonly Carrier[] = [
  { name: '顺丰速运', tracking: (d) => `SF${d.digits(13)}` },
  { name: '中通快递', tracking: (d) => `7${d.digits(14)}` },
  { name: '圆通速递', tracking: (d) => `YT${d.digits(13)}` },
  { name: '韵达快递', tracking: (d) => `43${d.digits(13)}` },
  { name: '申通快递', tracking: (d) => `77${d.digits(13)}` },
  { name: '极兔速递', tracking: (d) => `JT${d.digits(13)}` },
  { name: '邮政EMS', tracking: (d) => `E${d.digits(9)}CN` },
];
export const JD_CARRIER: Carrier = { name: '京东物流', tracking: (d) => `JDV${d.digits(12)}` };

const HUBS =
  '杭州转运中心 上海浦东转运中心 广州白云转运中心 武汉分拨中心 成都双流转运中心 郑州航空港分拨中心'.split(
    ' ',
  );
const EXCEPTIONS = [
  '收件人电话无人接听，派送失败',
  '包裹外包装破损，待处理',
  '门牌号有误，无法派送',
] as const;

export type ScanStatus = 'collected' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception';

export function scanText(d: Dice, status: ScanStatus, city: string): string {
  switch (status) {
    case 'collected':
      return '快递员已揽收';
    case 'in_transit':
      return `快件已到达【${d.pick(HUBS)}】`;
    case 'out_for_delivery':
      return `【${city}】快递员正在派件`;
    case 'delivered':
      return d.pick(['已签收，签收人：本人', '已签收，放在丰巢快递柜', '已签收，家门口']);
    case 'exception':
      return d.pick(EXCEPTIONS);
  }
}

/** Ordinary remarks (most orders carry none); each reads as plainly normal to remark_urgent. */
export const NORMAL_REMARKS = [
  '请用纸箱包装，谢谢',
  '放快递柜就行',
  '周末不在家，请放门卫',
  '送人的，别放价格单',
  '请放驿站',
] as const;

/** Urgent or complaining remarks (remark_urgent). */
export const URGENT_REMARKS = [
  '加急！今天必须发货',
  '再不发货就投诉',
  '催一下，怎么还不发货？？再不发就差评',
  '拍了三天了还不发货，我要投诉',
  '孩子明天开学要用，麻烦加急',
] as const;

/** Staff test orders (suspect_test_order), by remark. */
export const TEST_REMARKS = ['勿发，仅测试系统对接', '测试一下下单流程'] as const;

export const REFUND_REASONS = ['不想要了', '尺码不合适', '商品有瑕疵', '拍错了', '与描述不符'] as const;
export const CANCEL_REASONS = ['买家取消', '拍错了/多拍了', '地址填错了'] as const;
