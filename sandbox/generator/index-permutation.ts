import { hashInts } from './seeded-random.ts';

/**
 * A keyed pseudo-random permutation of [0, size): a 4-round Feistel network over the smallest even
 * bit width that covers `size`, with cycle walking. Used to hand out unique name combinations without
 * remembering which were used (memory stays flat however many companies are generated).
 */
export class IndexPermutation {
  private readonly size: number;
  private readonly key: number;
  private readonly halfBits: number;
  private readonly mask: number;

  constructor(size: number, key: number) {
    if (!Number.isSafeInteger(size) || size < 1) throw new Error(`IndexPermutation: size must be a positive integer, got ${size}`);
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    if (bits > 52) throw new Error(`IndexPermutation: size ${size} is too large`);
    this.size = size;
    this.key = key;
    this.halfBits = bits / 2;
    this.mask = 2 ** this.halfBits - 1;
  }

  at(index: number): number {
    if (index < 0 || index >= this.size) throw new Error(`IndexPermutation: index ${index} is outside [0, ${this.size})`);
    let value = index;
    do value = this.encrypt(value);
    while (value >= this.size);
    return value;
  }

  private encrypt(value: number): number {
    const factor = 2 ** this.halfBits;
    let left = Math.floor(value / factor);
    let right = value % factor;
    for (let round = 0; round < 4; round++) {
      const next = (left ^ (hashInts(right, this.key, round) & this.mask)) >>> 0;
      left = right;
      right = next;
    }
    return left * factor + right;
  }
}
