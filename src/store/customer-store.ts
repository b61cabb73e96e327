// Everything src/customers needs from Postgres, over one pool.
import { claimNotices, recordNotice, type NoticeClaim, type NoticeResult } from './customer-claim.js';
import { createCustomerNoticeStore } from './customer-notices.js';
import { createCustomerPrefsStore } from './customer-prefs.js';
import { createCustomerReadStore } from './customer-read.js';
import type { Pool } from './pool.js';

export type { ChosenNotice, DueNotice, KfSessionRow, NoticeClaim, NoticeResult } from './customer-claim.js';
export type { DueQuery, InsertedNotice } from './customer-notices.js';
export type { KfSessionInput } from './customer-prefs.js';
export type { NoticeFilter, NoticeRow } from './customer-read.js';

export function createCustomerStore(pool: Pool) {
  return {
    ...createCustomerNoticeStore(pool),
    ...createCustomerPrefsStore(pool),
    ...createCustomerReadStore(pool),
    claim: (req: NoticeClaim) => claimNotices(pool, req),
    record: (id: string, result: NoticeResult, now: Date) => recordNotice(pool, id, result, now),
  };
}

export type CustomerStore = ReturnType<typeof createCustomerStore>;
