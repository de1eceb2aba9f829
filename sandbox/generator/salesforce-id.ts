/**
 * Salesforce record ids: a 15-character case-sensitive id (3-character key prefix, 2-character pod,
 * 10 base-62 digits) plus the 3-character case-safe checksum Salesforce appends to make 18.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const POD = '8c';

/** The 3-character suffix: per 5-character chunk, one bit per upper-case letter (first char = lowest bit). */
export function salesforceChecksum(id15: string): string {
  if (id15.length !== 15) throw new Error(`salesforceChecksum: expected a 15-character id, got "${id15}"`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = id15.charCodeAt(chunk * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[bits];
  }
  return suffix;
}

/** The 18-character id of the `counter`-th record with this key prefix. */
export function salesforceId(keyPrefix: string, counter: number): string {
  if (keyPrefix.length !== 3) throw new Error(`salesforceId: key prefix must have 3 characters, got "${keyPrefix}"`);
  let digits = '';
  let rest = counter;
  for (let i = 0; i < 10; i++) {
    digits = BASE62[rest % 62]! + digits;
    rest = Math.floor(rest / 62);
  }
  const id15 = keyPrefix + POD + digits;
  return id15 + salesforceChecksum(id15);
}

/** Issues consecutive ids for one object, starting at a seed-dependent offset. */
export class SalesforceIdSequence {
  private counter: number;
  private readonly keyPrefix: string;

  constructor(keyPrefix: string, start: number) {
    this.keyPrefix = keyPrefix;
    this.counter = start;
  }

  next(): string {
    return salesforceId(this.keyPrefix, this.counter++);
  }

  /** An id this sequence has not issued and will not issue soon (for stale references). */
  unused(offset: number): string {
    return salesforceId(this.keyPrefix, this.counter + 50_000_000 + offset);
  }
}

/** The 15-character (case-sensitive) form of an 18-character id, as reports and some tools write it. */
export function to15(id: string): string {
  return id.length === 18 ? id.slice(0, 15) : id;
}
