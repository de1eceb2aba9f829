/**
 * Deterministic pseudo-random numbers. Every stream is seeded from integers (the dataset seed, a
 * stream label, a record index), so the same inputs give the same dataset and a change in one
 * generator does not shift the numbers another one draws. Never use Math.random in the generator.
 */

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a list of integers (order matters). */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    // Fold numbers beyond 32 bits in, so large indexes and ids still mix fully.
    const low = value | 0;
    const high = Math.floor(value / 4294967296) | 0;
    h = Math.imul(h ^ low, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15) ^ high, 0x85ebca77);
  }
  return avalanche(h);
}

/** A 32-bit hash of a string, for turning stream labels into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return avalanche(h);
}

/** sfc32: small, fast and good enough for synthetic data. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seedParts: number[]) {
    const h = hashInts(...seedParts);
    this.a = h;
    this.b = hashInts(h, 1);
    this.c = hashInts(h, 2);
    this.d = hashInts(h, 3) | 1;
    for (let i = 0; i < 8; i++) this.next();
  }

  /** An unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('SeededRandom.pick: cannot pick from an empty list');
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.float() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** 1 + the number of failures before a success with probability `p`, capped at `max`. */
  geometric(p: number, max: number): number {
    let n = 1;
    while (n < max && !this.chance(p)) n++;
    return n;
  }
}

/** Stream labels: one random stream per concern, so concerns stay independent. */
export const STREAMS = {
  pools: hashString('pools'),
  names: hashString('names'),
  company: hashString('company'),
  accounts: hashString('accounts'),
  deals: hashString('deals'),
  billing: hashString('billing'),
  payments: hashString('payments'),
  netsuite: hashString('netsuite'),
  users: hashString('users'),
  rates: hashString('rates'),
  ids: hashString('ids'),
} as const;
