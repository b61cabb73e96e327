// Public surface of the WeCom adapter.
export { createWecomNotifier, type WecomNotifierDeps } from './notifier.js';
export {
  buildAppCardUpdate,
  buildAppTemplateCard,
  buildWebhookMarkdown,
  templateCardOf,
} from './payloads.js';
export { escapeMarkdown } from './markdown.js';
