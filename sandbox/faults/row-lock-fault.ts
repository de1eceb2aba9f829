import { seededRandom } from './fault-injector.ts';

/**
 * Decides, per record of a write, whether another transaction holds its row lock: a seeded chance, so
 * a run is reproducible, and a retry of the same record rolls again.
 */
export class RowLockFault {
  private readonly random: () => number;
  private readonly rate: number;
  /** Records refused so far. */
  locked = 0;

  constructor(rate: number, seed: number) {
    this.rate = rate;
    this.random = seededRandom(seed);
  }

  next(): boolean {
    if (this.rate <= 0) return false;
    const hit = this.random() < this.rate;
    if (hit) this.locked += 1;
    return hit;
  }
}
