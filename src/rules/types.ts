// What a detector sees and what it reports.
import type { OrderView } from '../store/order-read.js';

export type Severity = 'info' | 'warning' | 'critical';

export interface Finding {
  rule: string;
  orderId: string;
  severity: Severity;
  summary: string;
}

export interface Rule {
  id: string;
  evaluate(order: OrderView, now: Date): Finding[];
}
