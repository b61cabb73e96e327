// The interaction side (DESIGN.md §6): what main.ts wires.
export {
  createInteractionService,
  type InteractionDeps,
  type InteractionLog,
} from './interaction-service.js';
export {
  createOutboundSender,
  signBody,
  type OutboundSender,
  type OutboundSenderDeps,
} from './outbound-sender.js';
export { loadReplies, DEFAULT_TEMPLATES_DIR, type Replies } from './replies.js';
export { validatePerson, type PersonIssue } from './people.js';
