import type { TruthStats } from './truth-writer.ts';

/** Running counts behind truth.json's `stats` and the generation summary. */
export class TruthTally {
  customers = 0;
  validationFailures = 0;
  staleXrefs = 0;
  readonly leakage: Record<string, number> = {};
  readonly health: Record<string, number> = {};
  readonly accounts = { salesforce: 0, hubspot: 0 };
  readonly duplicates = { salesforce: 0, hubspot: 0 };

  count(map: Record<string, number>, key: string): void {
    map[key] = (map[key] ?? 0) + 1;
  }

  stats(): TruthStats {
    return {
      customers: this.customers,
      leakage: sorted(this.leakage),
      health: sorted(this.health),
      stale_xrefs: this.staleXrefs,
      validation_failures: this.validationFailures,
      duplicate_accounts: { ...this.duplicates },
      accounts: { ...this.accounts },
    };
  }
}

function sorted(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));
}
