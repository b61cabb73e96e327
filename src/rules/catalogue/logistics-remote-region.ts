// Remote regions (新疆/西藏/青海 by default) ship slowly: tell ops, and tell the customer.
import type { Rule, RuleSettings } from '../types.js';
import { finding, isFinished } from './util.js';

export type LogisticsRemoteRegionSettings = RuleSettings & {
  /** Province names matched by prefix, so 新疆 covers 新疆维吾尔自治区. */
  provinces: string[];
};

const IN_FLIGHT = new Set(['paid', 'picking', 'packed', 'shipped']);

export const logisticsRemoteRegion: Rule<LogisticsRemoteRegionSettings> = {
  id: 'logistics_remote_region',
  kind: 'logistics',
  defaults: { enabled: true, provinces: ['新疆', '西藏', '青海'] },
  timeBased: false,
  evaluate(order, _now, s) {
    if (!s.enabled || isFinished(order.status) || !IN_FLIGHT.has(order.status)) return null;
    const province = (order.province ?? '').trim();
    if (province === '') return null;
    const region = s.provinces.map((p) => p.trim()).find((p) => p !== '' && province.startsWith(p));
    if (region === undefined) return null;
    return finding(
      logisticsRemoteRegion,
      'info',
      `remote region ${region}: longer delivery, notify the customer`,
      { region, province, customer_notice: true },
    );
  },
};
