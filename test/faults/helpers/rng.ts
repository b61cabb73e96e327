// A seeded random source (mulberry32), so a failing fault run can be replayed: every suite prints its
// seed, and FAULT_SEED=<n> runs it again with the same choices (kill moments, clicks, fault bursts).

export interface Rng {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (p) => next() < p,
  };
}

/** FAULT_SEED when set, else a fresh one; printed so the run can be repeated. */
export function suiteRng(suite: string): Rng {
  const fromEnv = Number(process.env.FAULT_SEED);
  const seed =
    Number.isInteger(fromEnv) && process.env.FAULT_SEED ? fromEnv : Math.floor(Math.random() * 2 ** 31);
  console.log(`[faults] ${suite}: seed ${seed} (repeat with FAULT_SEED=${seed})`);
  return createRng(seed);
}
