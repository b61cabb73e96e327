// Public surface of the DingTalk Stream client.
export { createStreamClient, type StreamClient, type StreamClientDeps, type StreamStatus } from './client.js';
export {
  createRobotReplier,
  type RobotReplier,
  type RobotReplierDeps,
  type ReplyOutcome,
} from './replier.js';
export { cardCallbackEvent, robotMessageEvent, type RobotOrigin } from './normalise.js';
export { CARD_TOPIC, ROBOT_TOPIC, SUBSCRIPTIONS } from './frames.js';
export type { BackoffOptions } from './backoff.js';
