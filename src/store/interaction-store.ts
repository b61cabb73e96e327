// The store side of chat actions, as src/actions uses it: every event is handled in one transaction
// (`transaction`) whose `ActionTx` reads targets, applies the guarded change, writes the audit row and any
// outbound decision; people, the audit trail and the outbound outbox are read and written outside it.
import type { Person } from '../config/index.js';
import * as targets from './action-targets.js';
import * as alertActions from './alert-actions.js';
import { listAudit, type AuditEntry, type AuditFilter } from './audit-read.js';
import { completeAction, findActionReply, reserveAction } from './audit-repo.js';
import { putConfirmation, takeConfirmation } from './confirmations-repo.js';
import * as orderActions from './order-actions.js';
import * as outbound from './outbound-repo.js';
import {
  findPersonByAccount,
  listPeople,
  syncPeople,
  upsertPerson,
  type PersonRecord,
} from './people-repo.js';
import type { Pool, PoolClient } from './pool.js';
import * as refunds from './refund-actions.js';
import { withTransaction } from './tx.js';

export type { AlertRef, OrderRef } from './action-targets.js';
export type { ActionActor, ActionOutcome } from './audit-repo.js';
export type { AuditEntry, AuditFilter } from './audit-read.js';
export type { HoldOutcome } from './order-actions.js';
export type { LeasedOutbound, OutboundMessage, OutboundResult, OutboundType } from './outbound-repo.js';
export type { PersonRecord } from './people-repo.js';
export type { Approver, RefundCase, RefundOutcome } from './refund-actions.js';

const bind =
  <A extends unknown[], R>(c: PoolClient, f: (c: PoolClient, ...args: A) => R) =>
  (...args: A) =>
    f(c, ...args);

function actionTx(c: PoolClient) {
  return {
    reserve: bind(c, reserveAction),
    complete: bind(c, completeAction),
    findReply: bind(c, findActionReply),
    person: bind(c, findPersonByAccount),
    findOrders: bind(c, targets.findOrders),
    orderById: bind(c, targets.orderById),
    findAlerts: bind(c, targets.findAlerts),
    alertById: bind(c, targets.alertById),
    unresolvedAlertsOf: bind(c, targets.unresolvedAlertsOf),
    claim: bind(c, alertActions.claimAlert),
    resolve: bind(c, alertActions.resolveAlert),
    snooze: bind(c, alertActions.snoozeAlert),
    touch: bind(c, alertActions.touchAlert),
    hold: bind(c, orderActions.holdOrder),
    release: bind(c, orderActions.releaseOrder),
    duplicatePartner: bind(c, orderActions.duplicatePartner),
    recordMerge: bind(c, orderActions.recordMerge),
    markLegit: bind(c, orderActions.markLegit),
    approveRefund: bind(c, refunds.approveRefund),
    rejectRefund: bind(c, refunds.rejectRefund),
    refundRequester: bind(c, refunds.refundRequester),
    refundDecided: bind(c, refunds.refundDecided),
    putConfirmation: bind(c, putConfirmation),
    takeConfirmation: bind(c, takeConfirmation),
    enqueueOutbound: bind(c, outbound.enqueueOutbound),
  };
}

export type ActionTx = ReturnType<typeof actionTx>;

export interface InteractionStore {
  /** The stored reply of an event already handled (null: not seen). */
  findReply(key: string): Promise<unknown>;
  transaction<T>(fn: (tx: ActionTx) => Promise<T>): Promise<T>;
  syncPeople(people: readonly Person[], now: Date): Promise<void>;
  upsertPerson(person: Person, now: Date): Promise<PersonRecord>;
  listPeople(): Promise<PersonRecord[]>;
  audit(
    filter: AuditFilter,
    limit: number,
    cursor: string | null,
  ): Promise<{ entries: AuditEntry[]; next: string | null }>;
  leaseOutbound(now: Date, leaseMs: number, limit: number): Promise<outbound.LeasedOutbound[]>;
  recordOutbound(id: string, attempt: number, result: outbound.OutboundResult, now: Date): Promise<void>;
  outboundStats(): Promise<{ pending: number; dead: number; sent: number }>;
}

export function createInteractionStore(pool: Pool): InteractionStore {
  return {
    findReply: (key) => findActionReply(pool, key),
    transaction: (fn) => withTransaction(pool, (c) => fn(actionTx(c))),
    syncPeople: (people, now) => syncPeople(pool, people, now),
    upsertPerson: (person, now) => upsertPerson(pool, person, now),
    listPeople: () => listPeople(pool),
    audit: (filter, limit, cursor) => listAudit(pool, filter, limit, cursor),
    leaseOutbound: (now, leaseMs, limit) => outbound.leaseOutbound(pool, now, leaseMs, limit),
    recordOutbound: (id, attempt, result, now) => outbound.recordOutbound(pool, id, attempt, result, now),
    outboundStats: () => outbound.outboundStats(pool),
  };
}
