// Thin workers: decode the job, call the detection service, then hand what changed to delivery in the
// same process (the changed alerts are already committed as the outbox; the relay covers a crash here).
import type { DetectionService } from '../src/alerts/detection-service.js';
import type { JobMap } from './queues.js';

type AfterChange = () => Promise<unknown>;

const changed = (r: { opened: number; changed: number; resolved: number }) =>
  r.opened + r.changed + r.resolved > 0;

export const sweepHandler =
  (detection: Pick<DetectionService, 'sweep'>, afterChange: AfterChange = async () => {}) =>
  async () => {
    const r = await detection.sweep();
    if (changed(r)) await afterChange();
    return r;
  };

export const detectHandler =
  (detection: Pick<DetectionService, 'evaluate'>, afterChange: AfterChange = async () => {}) =>
  async (data: JobMap['detect']) => {
    const r = await detection.evaluate(data.orderIds);
    if (changed(r)) await afterChange();
    return r;
  };
