// Card rendering: templates/cards/*.hbs + labels.yaml over masked alert and order views → CardModel.
export { createCardRenderer, DEFAULT_LINK_TTL_MS } from './renderer.js';
export { KIND_ACTIONS, RULE_EXTRA_ACTIONS, buttonKey } from './buttons.js';
export { maskFreeText, maskName, maskPhoneOrNull, regionOf } from './mask.js';
export type {
  AlertCardInput,
  AlertState,
  CardRenderer,
  CardRendererDeps,
  DigestCardInput,
  DigestGroup,
  OrderLinkSigner,
} from './types.js';
