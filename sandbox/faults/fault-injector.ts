import type { FaultRates } from './fault-spec.ts';

export type Fault = 'none' | 'tooManyRequests' | 'serverError' | 'connectionReset' | 'slow';

/** A small seeded PRNG (mulberry32): the same seed gives the same fault sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, per request, which fault (if any) to inject for one system. */
export class FaultInjector {
  private readonly random: () => number;
  private readonly rates: FaultRates;
  readonly counts: Record<Fault, number> = { none: 0, tooManyRequests: 0, serverError: 0, connectionReset: 0, slow: 0 };

  constructor(rates: FaultRates, seed: number) {
    this.rates = rates;
    this.random = seededRandom(seed);
  }

  next(): Fault {
    const roll = this.random();
    let edge = 0;
    let fault: Fault = 'none';
    for (const kind of ['tooManyRequests', 'serverError', 'connectionReset', 'slow'] as const) {
      edge += this.rates[kind];
      if (roll < edge) {
        fault = kind;
        break;
      }
    }
    this.counts[fault] += 1;
    return fault;
  }
}
