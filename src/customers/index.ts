// Public surface of src/customers.
export {
  createCustomerNotices,
  REMOTE_IN_FLIGHT,
  type CustomerNotices,
  type CustomerNoticeDeps,
} from './notice-service.js';
export {
  loadNoticeTemplates,
  CUSTOMER_TEMPLATE_DIR,
  type NoticeTemplates,
  type NoticeData,
} from './render.js';
export { DEFAULT_SMS_TEMPLATE_CODES } from './views.js';
export { isQuiet, releaseAt, DEFAULT_QUIET_HOURS, type QuietHours } from './quiet-hours.js';
export { chooseChannel, KF_MAX_MESSAGES, KF_WINDOW_MS } from './channel-choice.js';
export * from './types.js';
