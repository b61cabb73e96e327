// Wraps the interaction handler: before a WeCom click is acted on, its response_code is stored on the
// card it came from, so the re-render that the action triggers can update that card in place.
import type { InteractionHandler } from '../actions/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';

export function keepingResponseCodes(
  handler: InteractionHandler,
  deps: { remember(taskId: string, code: string, at: Date): Promise<unknown>; clock: Clock; log: Logger },
): InteractionHandler {
  return {
    async handle(event) {
      const { taskId, responseCode } = event.card ?? {};
      if (event.platform === 'wecom' && taskId && responseCode) {
        await deps
          .remember(taskId, responseCode, deps.clock.now())
          .catch((err) =>
            deps.log.warn({ err }, 'could not keep a card response_code; the card will be re-sent'),
          );
      }
      return handler.handle(event);
    },
  };
}
