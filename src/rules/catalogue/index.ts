// The rule catalogue: every detector orderwatch ships, in the order findings are listed.
import { remarkUrgentRule } from '../urgency/remark-urgent.js';
import type { Rule } from '../types.js';
import { logisticsException } from './logistics-exception.js';
import { logisticsNoPickup } from './logistics-no-pickup.js';
import { logisticsNoUpdate } from './logistics-no-update.js';
import { logisticsRemoteRegion } from './logistics-remote-region.js';
import { refundApproval } from './refund-approval.js';
import { stuckPromiseRisk } from './stuck-promise-risk.js';
import { stuckUnpicked } from './stuck-unpicked.js';
import { stuckUnshipped } from './stuck-unshipped.js';
import { suspectCrossChannelDuplicate } from './suspect-cross-channel-duplicate.js';
import { suspectEarlyRefund } from './suspect-early-refund.js';
import { suspectPhoneVelocity } from './suspect-phone-velocity.js';
import { suspectRecipientDaily } from './suspect-recipient-daily.js';
import { suspectTestOrder } from './suspect-test-order.js';
import { suspectVagueAddress } from './suspect-vague-address.js';

export {
  logisticsException,
  logisticsNoPickup,
  logisticsNoUpdate,
  logisticsRemoteRegion,
  refundApproval,
  stuckPromiseRisk,
  stuckUnpicked,
  stuckUnshipped,
  suspectCrossChannelDuplicate,
  suspectEarlyRefund,
  suspectPhoneVelocity,
  suspectRecipientDaily,
  suspectTestOrder,
  suspectVagueAddress,
};

/** The keyword/threshold rules; `remark_urgent` (src/rules/urgency/) is added in RULES below. */
export const CORE_RULES: Rule[] = [
  stuckUnpicked,
  stuckUnshipped,
  stuckPromiseRisk,
  logisticsNoPickup,
  logisticsNoUpdate,
  logisticsException,
  logisticsRemoteRegion,
  suspectPhoneVelocity,
  suspectRecipientDaily,
  suspectEarlyRefund,
  suspectVagueAddress,
  suspectCrossChannelDuplicate,
  suspectTestOrder,
  refundApproval,
];

/** Every rule orderwatch runs: the core rules and the remark classifier's. */
export const RULES: Rule[] = [...CORE_RULES, remarkUrgentRule as Rule];
