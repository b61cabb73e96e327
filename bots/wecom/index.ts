// Public surface of the WeCom adapter.
export { createWecomNotifier, type WecomNotifierDeps } from './notifier.js';
export {
  buildAppCardUpdate,
  buildAppTemplateCard,
  buildWebhookMarkdown,
  templateCardOf,
} from './payloads.js';
export { escapeMarkdown } from './markdown.js';
export {
  wecomAppCallbackRoutes,
  APP_CALLBACK_PATH,
  type WecomAppCallbackDeps,
} from './callback/app-routes.js';
export {
  wecomBotCallbackRoutes,
  BOT_CALLBACK_PATH,
  type WecomBotCallbackDeps,
} from './callback/bot-routes.js';
export { createMsgCrypt, CallbackCryptoError, type MsgCrypt } from './callback/crypto.js';
export { createAppMessenger, type AppMessenger, type ResponseUrlPoster } from './callback/messenger.js';
export { HANDLER_DEADLINE_MS, TIMESTAMP_WINDOW_MS, CALLBACK_BODY_LIMIT } from './callback/guard.js';
