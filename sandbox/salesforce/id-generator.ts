const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * New record ids: 18 characters, the object's key prefix, a sandbox marker (`8S`) that keeps them apart
 * from dataset ids, a counter, and Salesforce's case-safe 3-character checksum suffix.
 */
export class IdGenerator {
  private counter = 0;

  next(keyPrefix: string): string {
    this.counter += 1;
    let digits = '';
    let n = this.counter;
    for (let i = 0; i < 10; i += 1) {
      digits = BASE62[n % 62] + digits;
      n = Math.floor(n / 62);
    }
    return toEighteen(`${keyPrefix}8S${digits}`);
  }
}

/** Appends the checksum: per 5-character chunk, a bit for each upper-case letter. */
export function toEighteen(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const ch = id15[chunk * 5 + i]!;
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_CHARS[bits];
  }
  return id15 + suffix;
}
