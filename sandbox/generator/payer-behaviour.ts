import type { Day } from './calendar.ts';
import type { SeededRandom } from './seeded-random.ts';

/** How a customer pays its invoices. */
export type PayerProfile = 'prompt' | 'late' | 'partial' | 'delinquent';

export const PAYER_PROFILES: readonly (readonly [PayerProfile, number])[] = [['prompt', 55], ['late', 27], ['partial', 8], ['delinquent', 10]];

export interface PlannedPayment {
  day: Day;
  amountCents: number;
}

/** The payments a customer makes against one invoice's open amount (some may fall after the as-of date). */
export function plannedPayments(profile: PayerProfile, invoiceDay: Day, dueDay: Day, openCents: number, rng: SeededRandom): PlannedPayment[] {
  if (openCents <= 0) return [];
  const atLeast = (day: Day): Day => Math.max(invoiceDay, day);
  // Even good payers are late now and then, and bad ones sometimes pay.
  const effective: PayerProfile = profile === 'prompt' && rng.chance(0.1) ? 'late' : profile;
  switch (effective) {
    case 'prompt':
      return [{ day: atLeast(dueDay - rng.int(0, 10)), amountCents: openCents }];
    case 'late':
      return [{ day: atLeast(dueDay + rng.int(5, 75)), amountCents: openCents }];
    case 'partial': {
      const first = Math.round(openCents * rng.between(0.3, 0.7));
      const payments = [{ day: atLeast(dueDay + rng.int(0, 30)), amountCents: first }];
      if (rng.chance(0.5)) payments.push({ day: atLeast(dueDay + rng.int(45, 150)), amountCents: openCents - first });
      return payments;
    }
    case 'delinquent':
      return rng.chance(0.15) ? [{ day: atLeast(dueDay + rng.int(90, 200)), amountCents: openCents }] : [];
  }
}
