// Read-only views for tests and the sandbox UI. Copies, so a test cannot change what the emulator holds.
import type { EmulatorContext } from './context.js';
import type { CardRecord, ParamMap } from './state.js';
import type { Gateway } from './stream-gateway.js';

const copy = <T>(v: T): T => structuredClone(v);

export function createViews(ctx: EmulatorContext, gateway: Gateway) {
  return {
    /** Cards, optionally only those delivered into one conversation. */
    cards: (conversationId?: string): CardRecord[] =>
      [...ctx.state.cards.values()]
        .filter((c) => conversationId === undefined || c.spaces.some((s) => s.spaceId === conversationId))
        .map(copy),
    card: (outTrackId: string): CardRecord | null => {
      const c = ctx.state.cards.get(outTrackId);
      return c ? copy(c) : null;
    },
    /** What one user sees: the shared data, what a click answer showed them, their private data. */
    cardViewFor: (outTrackId: string, userId: string): ParamMap | null => {
      const c = ctx.state.cards.get(outTrackId);
      return c ? { ...c.cardParamMap, ...c.clickerView[userId], ...c.privateData[userId] } : null;
    },
    groupMessages: (conversationId?: string) =>
      ctx.state.groupMessages
        .filter((m) => conversationId === undefined || m.conversationId === conversationId)
        .map(copy),
    /** Robot 1:1 messages (oToMessages/batchSend), optionally only those to one user. */
    directMessages: (userId?: string) =>
      ctx.state.directMessages.filter((m) => userId === undefined || m.userIds.includes(userId)).map(copy),
    webhookMessages: (conversationId?: string) =>
      ctx.state.webhookMessages
        .filter((m) => conversationId === undefined || m.conversationId === conversationId)
        .map(copy),
    dings: () => ctx.state.dings.map(copy),
    validationErrors: () => ctx.state.validationErrors.map(copy),
    connections: () => gateway.connections(),
    frames: () => gateway.frames().map(copy),
  };
}
