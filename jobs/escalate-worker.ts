// The escalation timers on BullMQ: a level is a delayed `escalate` job whose id is the alert's
// active_escalation_job; the worker only decodes the job and calls the escalation service.
import type { EscalationService, EscalationTimers } from '../src/escalation/index.js';
import type { JobMap, QueueKit } from './queues.js';

/** Timer jobs in flight per worker: each is two short statements. */
export const ESCALATE_CONCURRENCY = 64;

export function createEscalationTimers(kit: Pick<QueueKit, 'add'>): EscalationTimers {
  return {
    schedule: (timer, delayMs) =>
      kit.add(
        'escalate',
        { alertId: timer.alertId, jobId: timer.jobId, level: timer.level },
        timer.jobId,
        delayMs,
      ),
  };
}

export const escalateHandler =
  (escalation: Pick<EscalationService, 'fire'>) => async (data: JobMap['escalate']) =>
    escalation.fire({ alertId: data.alertId, jobId: data.jobId, level: data.level });

export function startEscalateWorker(
  kit: Pick<QueueKit, 'work'>,
  escalation: Pick<EscalationService, 'fire'>,
  concurrency = ESCALATE_CONCURRENCY,
) {
  return kit.work('escalate', escalateHandler(escalation), concurrency);
}
