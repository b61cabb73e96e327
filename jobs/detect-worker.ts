// Thin worker: decode the job, call the detection service.
import type { DetectionService } from '../src/rules/detection-service.js';
import type { JobMap } from './queues.js';

export const detectHandler = (detection: DetectionService) => (data: JobMap['detect']) =>
  detection.evaluate(data.orderIds);
