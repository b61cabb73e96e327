// Thin workers: decode the job, call the detection service.
import type { DetectionService } from '../src/alerts/detection-service.js';
import type { JobMap } from './queues.js';

export const sweepHandler = (detection: Pick<DetectionService, 'sweep'>) => () => detection.sweep();

export const detectHandler = (detection: Pick<DetectionService, 'evaluate'>) => (data: JobMap['detect']) =>
  detection.evaluate(data.orderIds);
