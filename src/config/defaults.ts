// The built-in policy used when there is no orderwatch.yaml, and for the sections a file leaves out.
import type { BusinessHours, EscalationLevel, FileConfig, RefundPolicy } from './types.js';

export const DEFAULT_TEAM_ID = 'ops';
export const DEFAULT_ESCALATION_POLICY = 'default';

export function defaultEscalation(): EscalationLevel[] {
  return [
    { afterMs: 30 * 60_000, notify: ['supervisor'], customerNotice: true, ding: false },
    { afterMs: 60 * 60_000, notify: ['admin'], customerNotice: false, ding: false },
  ];
}

/** 09:00–21:00 Asia/Shanghai. */
export function defaultBusinessHours(): BusinessHours {
  return { startMin: 9 * 60, endMin: 21 * 60 };
}

export function defaultRefunds(): RefundPolicy {
  return { approvalRequiredFromFen: 0, secondApproverFromFen: 200_000 };
}

export function defaultFileConfig(): FileConfig {
  return {
    people: [],
    teams: [
      { id: DEFAULT_TEAM_ID, wecomWebhookKey: null, wecomUsers: [], dingtalkConversation: null, onDuty: [] },
    ],
    routes: [{ match: {}, team: DEFAULT_TEAM_ID }],
    rules: {},
    escalation: { [DEFAULT_ESCALATION_POLICY]: defaultEscalation() },
    businessHours: defaultBusinessHours(),
    refunds: defaultRefunds(),
  };
}
