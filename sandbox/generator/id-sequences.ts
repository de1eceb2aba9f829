import { SalesforceIdSequence } from './salesforce-id.ts';
import { SeededRandom, STREAMS } from './seeded-random.ts';

/** Integer ids handed out in order with small random gaps (deleted records), remembering the last gap. */
export class NumericSequence {
  private current: number;
  private readonly maxStep: number;
  private readonly rng: SeededRandom;
  private lastGap: number | null = null;

  constructor(start: number, maxStep: number, rng: SeededRandom) {
    this.current = start;
    this.maxStep = maxStep;
    this.rng = rng;
  }

  next(): number {
    const step = this.maxStep <= 1 ? 1 : this.rng.int(1, this.maxStep);
    if (step > 1) this.lastGap = this.current + 1;
    this.current += step;
    return this.current;
  }

  /** An id inside the used range that no record has (a deleted record's id). */
  missing(): number {
    return this.lastGap ?? this.current + 1_000_000;
  }
}

/** Every id counter of the dataset. Ids depend only on generation order, never on time. */
export class IdSequences {
  readonly sfAccount: SalesforceIdSequence;
  readonly sfOpportunity: SalesforceIdSequence;
  readonly sfLineItem: SalesforceIdSequence;
  readonly hsCompany: NumericSequence;
  readonly hsDeal: NumericSequence;
  readonly hsLineItem: NumericSequence;
  readonly nsCustomer: NumericSequence;
  readonly nsAddress: NumericSequence;
  readonly nsTransaction: NumericSequence;
  readonly nsLine: NumericSequence;
  private readonly tranNumbers = { SalesOrd: 10_400, CustInvc: 20_800, CustCred: 3_100, CustPymt: 7_700 };

  constructor(seed: number) {
    const rng = new SeededRandom(seed, STREAMS.ids);
    this.sfAccount = new SalesforceIdSequence('001', 1_000_000 + rng.int(0, 500_000));
    this.sfOpportunity = new SalesforceIdSequence('006', 2_000_000 + rng.int(0, 500_000));
    this.sfLineItem = new SalesforceIdSequence('00k', 3_000_000 + rng.int(0, 500_000));
    this.hsCompany = new NumericSequence(5_400_000_000 + rng.int(0, 9_999), 9, new SeededRandom(seed, STREAMS.ids, 1));
    this.hsDeal = new NumericSequence(9_700_000_000 + rng.int(0, 9_999), 7, new SeededRandom(seed, STREAMS.ids, 2));
    this.hsLineItem = new NumericSequence(12_300_000_000 + rng.int(0, 9_999), 3, new SeededRandom(seed, STREAMS.ids, 3));
    this.nsCustomer = new NumericSequence(1_000 + rng.int(0, 900), 3, new SeededRandom(seed, STREAMS.ids, 4));
    this.nsAddress = new NumericSequence(50_000 + rng.int(0, 900), 1, new SeededRandom(seed, STREAMS.ids, 5));
    this.nsTransaction = new NumericSequence(100_000 + rng.int(0, 900), 2, new SeededRandom(seed, STREAMS.ids, 6));
    this.nsLine = new NumericSequence(1_000_000 + rng.int(0, 900), 1, new SeededRandom(seed, STREAMS.ids, 7));
  }

  /** Document number (tranid) of the next transaction of a type: SO10401, INV20801, CM3101, PYMT7701. */
  tranid(type: 'SalesOrd' | 'CustInvc' | 'CustCred' | 'CustPymt'): string {
    const prefix = { SalesOrd: 'SO', CustInvc: 'INV', CustCred: 'CM', CustPymt: 'PYMT' }[type];
    return `${prefix}${++this.tranNumbers[type]}`;
  }
}
