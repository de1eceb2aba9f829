import type { CurrencyCode } from './country-profiles.ts';
import type { Segment } from './company-universe.ts';
import type { DealLine } from './dataset-model.ts';
import { product, type Product } from './product-catalog.ts';
import type { SeededRandom } from './seeded-random.ts';

/** The products of one deal: a platform tier, seats, support and services, discounted per deal. */
export function dealLines(segment: Segment, newBusiness: boolean, currency: CurrencyCode, rng: SeededRandom): DealLine[] {
  const discount = rng.chance(0.6) ? rng.int(0, segment === 'enterprise' ? 30 : 15) / 100 : 0;
  const line = (code: string, quantity: number): DealLine => priced(product(code), quantity, currency, discount);
  const lines: DealLine[] = [];
  if (segment === 'enterprise') {
    lines.push(line(rng.chance(0.6) ? 'NB-PLAT-ENT' : 'NB-PLAT-PRO', 1));
    if (rng.chance(0.7)) lines.push(line('NB-SEAT', rng.int(10, 400)));
    if (rng.chance(0.75)) lines.push(line(rng.chance(0.6) ? 'NB-SUP-PREM' : 'NB-SUP-STD', 1));
    if (newBusiness && rng.chance(0.5)) lines.push(line('NB-IMPL', 1));
    if (rng.chance(0.25)) lines.push(line('NB-TRAIN', rng.int(1, 10)));
    if (rng.chance(0.3)) lines.push(line('NB-API', 1));
    if (rng.chance(0.2)) lines.push(line('NB-DATA', 1));
  } else {
    lines.push(line(rng.chance(0.6) ? 'NB-PLAT-STD' : 'NB-PLAT-PRO', 1));
    if (rng.chance(0.6)) lines.push(line('NB-SEAT', rng.int(1, 25)));
    if (rng.chance(0.4)) lines.push(line('NB-SUP-STD', 1));
    if (newBusiness && rng.chance(0.1)) lines.push(line('NB-TRAIN', rng.int(1, 2)));
    if (rng.chance(0.15)) lines.push(line('NB-CONS-HR', rng.int(5, 40)));
  }
  return lines;
}

function priced(item: Product, quantity: number, currency: CurrencyCode, discount: number): DealLine {
  const listCents = item.prices[currency];
  const unitCents = Math.round(listCents * (1 - discount));
  return { product: item, quantity, listCents, unitCents, totalCents: unitCents * quantity };
}

export function linesTotal(lines: readonly DealLine[]): number {
  let total = 0;
  for (const line of lines) total += line.totalCents;
  return total;
}

/** Short label of what a deal sells, for its name. */
export function dealLabel(lines: readonly DealLine[], newBusiness: boolean, year: number): string {
  if (!newBusiness) return `Renewal ${year}`;
  const platform = lines[0]!.product.code;
  return platform === 'NB-PLAT-ENT' ? 'Enterprise Platform' : platform === 'NB-PLAT-PRO' ? 'Professional' : 'Starter';
}
