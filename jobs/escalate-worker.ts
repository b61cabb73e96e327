// The escalation timers on BullMQ: a level is a delayed `escalate` job whose id is the alert's
// active_escalation_job. The worker decodes each job and hands it to the micro-batcher, which applies
// the timers arriving together in one statement; a job completes once its batch has committed.
import {
  createFireBatcher,
  type BatcherOptions,
  type EscalationService,
  type EscalationTimers,
} from '../src/escalation/index.js';
import type { JobMap, QueueKit } from './queues.js';

/** Timer jobs in flight per worker: enough to fill the batches (each job only waits for its batch). */
export const ESCALATE_CONCURRENCY = 1000;
/** Bulk adds of next levels per call. */
const ADD_CHUNK = 1000;

export function createEscalationTimers(
  kit: Pick<QueueKit, 'add'> & Partial<Pick<QueueKit, 'addBulk'>>,
): EscalationTimers {
  const data = (t: { alertId: string; jobId: string; level: number }) => ({
    alertId: t.alertId,
    jobId: t.jobId,
    level: t.level,
  });
  return {
    schedule: (timer, delayMs) => kit.add('escalate', data(timer), timer.jobId, delayMs),
    ...(kit.addBulk && {
      scheduleMany: async (items) => {
        for (let i = 0; i < items.length; i += ADD_CHUNK) {
          const chunk = items.slice(i, i + ADD_CHUNK);
          await kit.addBulk!(
            'escalate',
            chunk.map(({ timer, delayMs }) => ({ data: data(timer), jobId: timer.jobId, delayMs })),
          );
        }
      },
    }),
  };
}

export const escalateHandler =
  (submit: (t: JobMap['escalate']) => Promise<unknown>) => async (data: JobMap['escalate']) =>
    submit({ alertId: data.alertId, jobId: data.jobId, level: data.level });

export function startEscalateWorker(
  kit: Pick<QueueKit, 'work'>,
  escalation: Pick<EscalationService, 'fireMany'>,
  concurrency = ESCALATE_CONCURRENCY,
  batching: BatcherOptions = {},
) {
  const batcher = createFireBatcher(escalation.fireMany, batching);
  const worker = kit.work('escalate', escalateHandler(batcher.submit), concurrency);
  // Closing waits for the active jobs (their batches commit), then for the batches' follow-ups.
  const close = worker.close.bind(worker);
  worker.close = async (force?: boolean) => {
    await close(force);
    await batcher.drain();
  };
  return worker;
}
