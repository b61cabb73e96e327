// The normal life of an order, compressed so a demo shows movement within minutes: paid → picked → packed →
// shipped → collected → in transit → out for delivery → delivered, a stage every 20–60 s.
import { NORMAL_REMARKS } from './goods.js';
import { SECOND, type OrderMaker, type OrderSpec, type Planned, type Stage } from './orders.js';

export const DELIVERY_PATH: readonly Stage[] = [
  'picked',
  'packed',
  'shipped',
  'collected',
  'in_transit',
  'in_transit',
  'out_for_delivery',
  'delivered',
];

/** Up to the stage before `stage` (exclusive), for flows that go wrong there. */
export function pathUntil(stage: Stage): Stage[] {
  const i = DELIVERY_PATH.indexOf(stage);
  return DELIVERY_PATH.slice(0, i < 0 ? DELIVERY_PATH.length : i);
}

/** Just ordered: created a minute or three ago, paid seconds ago (or not yet). */
export function freshSpec(m: OrderMaker, now: number, paid = true): OrderSpec {
  const createdAt = now - m.d.int(30, 180) * SECOND;
  return { createdAt, paidAt: paid ? Math.min(now, createdAt + m.d.int(10, 90) * SECOND) : null };
}

/**
 * An ordinary order placed now that flows to delivery: most are paid already, some pay a little later,
 * a few are cancelled before picking; some carry a plain remark.
 */
export function normalOrder(m: OrderMaker, now: number): Planned {
  const d = m.d;
  const paid = d.chance(0.9);
  const spec = freshSpec(m, now, paid);
  if (d.chance(0.15)) spec.remark = d.pick(NORMAL_REMARKS);
  const p = m.order(spec);
  let t = now;
  if (!paid) {
    t += d.int(20, 60) * SECOND;
    m.event(p, 'paid', t);
  }
  if (d.chance(0.03)) {
    m.event(p, 'cancelled', t + d.int(30, 90) * SECOND);
    return p;
  }
  m.path(p, t, DELIVERY_PATH);
  return p;
}

/** Stages at fixed past times (a history arriving at once), then nothing more. */
export type Timed = readonly [Stage, number];

export function backdated(m: OrderMaker, p: Planned, stages: readonly Timed[]): Planned {
  for (const [stage, at] of stages) m.event(p, stage, Math.floor(at / SECOND) * SECOND);
  return p;
}

export const minutes = (m: OrderMaker, min: number, max: number) => m.d.int(min * 60, max * 60) * SECOND;
