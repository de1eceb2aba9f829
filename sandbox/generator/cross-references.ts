import type { CrmAccount, CrmSystem } from './dataset-model.ts';
import type { IdSequences } from './id-sequences.ts';
import type { SeededRandom } from './seeded-random.ts';
import { pad } from './text-utils.ts';

/** A cross-reference id that points at the wrong record (another company's, or one that does not exist). */
export interface StaleXref {
  system: 'salesforce' | 'hubspot' | 'netsuite';
  object: string;
  record_id: string;
  field: string;
  value: string;
  points_to: 'other_record' | 'missing_record';
  /** What the field should hold (null when the company has no record in the other system). */
  correct_value: string | null;
}

const RING = 32;

/**
 * Existing cross-reference ids, as earlier integrations left them: CRM accounts holding the NetSuite
 * customer id, NetSuite customers holding the CRM account id — a fraction of them stale. Remembers
 * the last few companies' ids (a fixed-size ring, so memory stays flat) to point stale ids at.
 */
export class CrossReferences {
  private readonly ids: IdSequences;
  private readonly recentCustomers: number[] = [];
  private readonly recentAccounts: Record<CrmSystem, string[]> = { salesforce: [], hubspot: [] };
  private legacyCounter = 40_000;

  constructor(ids: IdSequences) {
    this.ids = ids;
  }

  /** ERP_Customer_Id__c / erp_customer_id of a CRM account. */
  crmErpRef(system: CrmSystem, accountId: string, customerId: number | null, rng: SeededRandom, stale: StaleXref[]): string | null {
    const field = system === 'salesforce' ? 'ERP_Customer_Id__c' : 'erp_customer_id';
    const object = system === 'salesforce' ? 'Account' : 'companies';
    const correct = customerId === null ? null : String(customerId);
    if (customerId !== null) {
      if (!rng.chance(system === 'salesforce' ? 0.35 : 0.25)) return null;
      if (!rng.chance(0.08)) return correct;
    } else if (!rng.chance(0.03)) {
      return null;
    }
    const other = this.recentCustomers.length > 0 && rng.chance(0.5) ? rng.pick(this.recentCustomers) : null;
    const value = String(other ?? this.ids.nsCustomer.missing());
    stale.push({ system, object, record_id: accountId, field, value, points_to: other === null ? 'missing_record' : 'other_record', correct_value: correct });
    return value;
  }

  /** externalid and custentity_crm_account_id of a NetSuite customer of a CRM company. */
  netsuiteRefs(customerId: number, accounts: readonly CrmAccount[], rng: SeededRandom, stale: StaleXref[]): { externalId: string | null; crmAccountRef: string | null } {
    const primary = accounts.find((a) => !a.duplicate && a.system === 'salesforce') ?? accounts.find((a) => !a.duplicate) ?? null;
    if (!primary) return { externalId: null, crmAccountRef: this.strayCrmRef(customerId, rng, stale) };
    let externalId: string | null = null;
    if (rng.chance(0.3)) {
      externalId = primary.id;
      if (rng.chance(0.05)) {
        // externalid is unique in NetSuite, so a stale one points at a deleted record, never at another customer's account.
        externalId = this.missingAccountId(primary.system, rng);
        stale.push({ system: 'netsuite', object: 'customer', record_id: String(customerId), field: 'externalid', value: externalId, points_to: 'missing_record', correct_value: primary.id });
      }
    }
    let crmAccountRef: string | null = null;
    if (rng.chance(0.25)) {
      const duplicate = accounts.find((a) => a.duplicate && a.system === primary.system);
      crmAccountRef = duplicate && rng.chance(0.3) ? duplicate.id : primary.id;
      if (rng.chance(0.08)) {
        const ring = this.recentAccounts[primary.system];
        const other = ring.length > 0 && rng.chance(0.6) ? rng.pick(ring) : null;
        crmAccountRef = other ?? this.missingAccountId(primary.system, rng);
        stale.push({ system: 'netsuite', object: 'customer', record_id: String(customerId), field: 'custentity_crm_account_id', value: crmAccountRef, points_to: other === null ? 'missing_record' : 'other_record', correct_value: primary.id });
      }
    }
    return { externalId, crmAccountRef };
  }

  /** externalid of a legacy customer no CRM knows: a migration key, never a CRM id. */
  legacyExternalId(rng: SeededRandom): string | null {
    return rng.chance(0.25) ? `LEGACY-${pad(++this.legacyCounter, 6)}` : null;
  }

  /** A legacy customer whose custentity_crm_account_id wrongly names another company's account. */
  private strayCrmRef(customerId: number, rng: SeededRandom, stale: StaleXref[]): string | null {
    const ring = this.recentAccounts.salesforce;
    if (ring.length === 0 || !rng.chance(0.02)) return null;
    const value = rng.pick(ring);
    stale.push({ system: 'netsuite', object: 'customer', record_id: String(customerId), field: 'custentity_crm_account_id', value, points_to: 'other_record', correct_value: null });
    return value;
  }

  private missingAccountId(system: CrmSystem, rng: SeededRandom): string {
    return system === 'salesforce' ? this.ids.sfAccount.unused(rng.int(0, 1_000_000)) : String(this.ids.hsCompany.missing());
  }

  /** Remembers a finished company's ids as targets for later stale references. */
  remember(customerId: number | null, accounts: readonly CrmAccount[]): void {
    if (customerId !== null) push(this.recentCustomers, customerId);
    for (const account of accounts) if (!account.duplicate) push(this.recentAccounts[account.system], account.id);
  }
}

function push<T>(ring: T[], value: T): void {
  ring.push(value);
  if (ring.length > RING) ring.shift();
}
