import type { Day } from './calendar.ts';
import type { SalesTeam } from './crm-users.ts';
import type { CrossReferences } from './cross-references.ts';
import type { ExchangeRates } from './exchange-rates.ts';
import type { IdSequences } from './id-sequences.ts';
import type { LocalePools } from './locale-pools.ts';

/** What every per-company generator step needs: the seed, the as-of day and the shared counters. */
export interface GenerationContext {
  seed: number;
  asOf: Day;
  /** The last day with activity: the dataset is a snapshot taken at the start of the as-of day (00:00 UTC). */
  lastDay: Day;
  pools: LocalePools;
  team: SalesTeam;
  ids: IdSequences;
  rates: ExchangeRates;
  xrefs: CrossReferences;
}
