// The escalation module's public surface (issue 6; DESIGN.md §6).
export { createEscalationService, type EscalationService } from './service.js';
export type { EscalationDeps, EscalationLog } from './deps.js';
export type { FireOutcome, FiredBatch } from './fire.js';
export { createFireBatcher, type BatcherOptions, type FireBatcher } from './batcher.js';
export { freezePolicy, policyNameFor, readFrozen, CUSTOMER_NOTICE_KINDS } from './policy.js';
export { nextStep, levelDue } from './step.js';
export { inBusinessHours, nextBusinessStart, businessDue } from './business-hours.js';
export { resolveNotify } from './targets.js';
export type * from './types.js';
