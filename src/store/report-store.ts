// The daily reporter's store: the report's figures and the once-per-team-and-day claim, over one pool.
import type { DailyReport } from '../reports/model.js';
import type { Pool } from './pool.js';
import { computeDailyReport, type DailyReportQuery } from './report-read.js';
import { createReportSentStore, type ReportSentStore } from './report-sent.js';

export interface ReportStore extends ReportSentStore {
  compute(q: DailyReportQuery): Promise<DailyReport>;
}

export function createReportStore(pool: Pick<Pool, 'query'>): ReportStore {
  return { ...createReportSentStore(pool), compute: (q) => computeDailyReport(pool, q) };
}
