// What every route module of the emulator shares: options with defaults applied, the clock, and the
// state (replaced wholesale by reset(), so modules read ctx.state each time, never keep a copy).
import type { DingtalkEmulatorOptions, EmulatorState } from './state.js';

export interface EmulatorContext {
  opts: Required<Omit<DingtalkEmulatorOptions, 'now' | 'port' | 'pingIntervalMs' | 'webhooks'>> & {
    webhooks: NonNullable<DingtalkEmulatorOptions['webhooks']>;
    pingIntervalMs: number | null;
  };
  now: () => number;
  state: EmulatorState;
  /** Set once the server listens. */
  url: string;
}

export function resolveOptions(o: DingtalkEmulatorOptions): EmulatorContext['opts'] {
  return {
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    robotCode: o.robotCode ?? o.clientId,
    templates: o.templates,
    conversations: o.conversations,
    webhooks: o.webhooks ?? {},
    redeliverAfterMs: o.redeliverAfterMs ?? 60_000,
    maxRedeliveries: o.maxRedeliveries ?? 3,
    pingIntervalMs: o.pingIntervalMs ?? null,
    cardCallbackDeadlineMs: o.cardCallbackDeadlineMs ?? 2_000,
    cardAckWaitMs: o.cardAckWaitMs ?? (o.cardCallbackDeadlineMs ?? 2_000) * 2,
    disconnectCloseDelayMs: o.disconnectCloseDelayMs ?? 10_000,
  };
}
