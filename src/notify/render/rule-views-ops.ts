// The `d` object of the stuck and logistics rule templates: each rule's details, formatted for display.
import type { DetailsReader } from './details-reader.js';
import { formatDurationZh, parseIso } from './format.js';
import { wordFor, type Labels } from './labels.js';

export type RuleView = Record<string, string>;
export type RuleViewBuilder = (r: DetailsReader, labels: Labels, now: Date) => RuleView;

const MINUTE = 60_000;

/** Time to the promised ship instant (negative once past), from details.promisedShipAt or minutesLeft. */
function msToPromise(r: DetailsReader, now: Date): number {
  const at = parseIso(r.str('promisedShipAt'));
  return at !== null ? at.getTime() - now.getTime() : (r.num('minutesLeft') ?? 0) * MINUTE;
}

export const OPS_RULE_VIEWS: Record<string, RuleViewBuilder> = {
  stuck_unpicked: (r) => ({
    waited: r.since('paidAt', 'minutesSincePaid'),
    paidAt: r.time('paidAt'),
  }),

  stuck_unshipped: (r) => ({
    stage: r.phrase(r.str('stage') === 'packed' ? 'packed' : 'picked'),
    waited: r.since('since', 'minutesSince'),
    since: r.time('since'),
  }),

  stuck_promise_risk(r, labels, now) {
    const left = msToPromise(r, now);
    const duration = formatDurationZh(left, labels.units);
    return {
      deadline: r.time('promisedShipAt'),
      when: r.phrase(left <= 0 ? 'past' : 'left', { duration }),
      held: r.phrase(r.bool('held') ? 'held' : 'notHeld'),
    };
  },

  logistics_no_pickup: (r) => ({
    waited: r.since('shippedAt', 'minutesSinceShipped'),
    shippedAt: r.time('shippedAt'),
  }),

  logistics_no_update: (r, labels) => {
    const status = r.str('lastScanStatus');
    return {
      quiet: r.since('lastScanAt', 'minutesSinceScan'),
      lastScanAt: r.time('lastScanAt'),
      lastScan: status === null ? r.none : wordFor(labels.scanStatus, status),
    };
  },

  logistics_exception: (r) => ({
    exceptionAt: r.time('exceptionAt'),
  }),

  logistics_remote_region: (r) => ({
    region: r.str('region') ?? r.none,
  }),
};
