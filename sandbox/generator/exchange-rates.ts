import { addMonths, monthStart, type Day } from './calendar.ts';
import type { CurrencyCode } from './country-profiles.ts';
import { SeededRandom, STREAMS } from './seeded-random.ts';

export type RateCurrency = CurrencyCode | 'CAD';

/** NetSuite internal ids of the account's currencies. */
export const CURRENCY_IDS: Readonly<Record<RateCurrency, number>> = { USD: 1, GBP: 2, CAD: 3, EUR: 4 };

const START_USD_PER_UNIT: Readonly<Record<RateCurrency, number>> = { USD: 1, GBP: 1.27, CAD: 0.74, EUR: 1.08 };
const HISTORY_MONTHS = 30;

/** Monthly exchange rates (a seeded random walk), as NetSuite's currency-rate table holds them. */
export class ExchangeRates {
  /** Month start days, oldest first. */
  readonly months: Day[];
  private readonly usdPerUnit: Map<RateCurrency, number[]>;

  constructor(seed: number, asOf: Day) {
    const rng = new SeededRandom(seed, STREAMS.rates);
    const last = monthStart(asOf - 1);
    this.months = Array.from({ length: HISTORY_MONTHS + 1 }, (_, i) => addMonths(last, i - HISTORY_MONTHS));
    this.usdPerUnit = new Map();
    for (const currency of Object.keys(START_USD_PER_UNIT) as RateCurrency[]) {
      let value = START_USD_PER_UNIT[currency];
      this.usdPerUnit.set(currency, this.months.map(() => {
        if (currency !== 'USD') value *= 1 + (rng.float() - 0.5) * 0.04;
        return value;
      }));
    }
  }

  /** Units of `base` per one unit of `transaction`, effective on `day` (6 decimals, as NetSuite stores). */
  rate(base: RateCurrency, transaction: RateCurrency, day: Day): number {
    if (base === transaction) return 1;
    const i = this.monthIndex(day);
    return round6(this.usdPerUnit.get(transaction)![i]! / this.usdPerUnit.get(base)![i]!);
  }

  /** The latest rate of each currency against USD (NetSuite currency.exchangerate). */
  latest(currency: RateCurrency): number {
    return this.rate('USD', currency, this.months[this.months.length - 1]!);
  }

  private monthIndex(day: Day): number {
    let i = this.months.length - 1;
    while (i > 0 && this.months[i]! > day) i--;
    return i;
  }
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
