// Thin worker: decode the job, call the detection service.
import type { DetectionService } from '../src/alerts/detection-service.js';
import type { JobMap } from './queues.js';

export const detectHandler = (detection: Pick<DetectionService, 'evaluate'>) => (data: JobMap['detect']) =>
  detection.evaluate(data.orderIds);
