// Public surface of the DingTalk adapter.
export { createDingtalkNotifier, type DingtalkNotifierDeps } from './notifier.js';
export { createApiClient, type ApiClient } from './api-client.js';
export {
  createStreamClient,
  createRobotReplier,
  type StreamClient,
  type StreamClientDeps,
  type StreamStatus,
  type RobotReplier,
} from './stream/index.js';
export { dingtalkRobotHttpRoutes, checkRobotSign, type RobotHttpDeps } from './robot-http.js';
