/**
 * truth.json — the ground truth of a generated dataset (never read by the pipeline). Shape:
 *
 *   as_of, seed, companies   the generation inputs (as_of: YYYY-MM-DD; the data is a snapshot taken
 *                            at 00:00 UTC that day, so every date and timestamp lies before it)
 *   customers[]  every company: {key, name (registered), domain, country (ISO), segment, presence,
 *                salesforce: [Account ids], hubspot: [company ids], netsuite: [customer ids]} — several
 *                ids in one system = duplicate records of the same company.
 *                presence: crm_and_erp | prospect | won_not_set_up | erp_only.
 *   leakage[]    one finding per won deal that is not clean, plus one per orphan invoice:
 *                {category, system, customer_key, opportunity_id?, crm_account_id?, erp_customer_id,
 *                 erp_transaction_id? (first invoice), erp_transaction_ids?, sales_order_id?, close_date?,
 *                 amount, currency (the deal's), invoiced_amount?, credited_amount?, invoice_currency?,
 *                 first_invoice_date?, days_to_invoice?, gap? (deal − (invoiced − credited)), reference?
 *                 (where NetSuite names the deal: order_custbody | order_externalid | invoice_custbody | none),
 *                 trandate? (orphans)}. Categories: unmatched_customer, not_invoiced, pending (inside the
 *                 30-day SLA: shown, not leakage), under_invoiced, over_invoiced, currency_mismatch,
 *                 late_invoice (system = the deal's CRM), invoiced_without_deal (system = 'netsuite').
 *                 Rules, in order: no NetSuite customer → unmatched_customer; no invoice dated before
 *                 as_of → not_invoiced if closed ≥ 30 days before as_of, else pending (a sales order alone
 *                 does not count as invoicing); an invoice in another currency → currency_mismatch;
 *                 Σ invoices − Σ credit memos outside ± max(2% of the deal, 50) → under/over_invoiced;
 *                 first invoice > 30 days after close → late_invoice.
 *   deal_billing[]  every won deal and the NetSuite documents that bill it (the matching answer key):
 *                {system, opportunity_id, crm_account_id, customer_key, erp_customer_id, category ('clean' or
 *                 the leakage category), reference (null when NetSuite holds no document for the deal),
 *                 sales_order_id, invoice_ids, credit_memo_ids}.
 *   health[]     every CRM account (duplicates included) of a company that has a NetSuite customer:
 *                {system, crm_id, customer_key, erp_customer_id, duplicate, payment_status
 *                 (no_invoices | paid | open | overdue | credit_hold), credit_hold, open_balance,
 *                 overdue_balance, currency, oldest_overdue_date, last_payment_date}. Balances are the
 *                 customer's balancesearch / overduebalancesearch: open invoices' foreignamountunpaid ×
 *                 exchangerate, each rounded to cents, in the subsidiary's base currency (= the customer's
 *                 currency). Overdue = open with duedate < as_of. credit_hold = oncredithold 'T' (override
 *                 ON, or AUTO with a balance above the credit limit and something overdue) and wins.
 *   stale_xrefs[]  cross-reference ids pointing at the wrong record: {system, object, record_id, field,
 *                 value, points_to (other_record | missing_record), correct_value}.
 *   validation_failures[]  Salesforce accounts with a blank BillingCountry (updates fail the org's
 *                 validation rule): {system, object, record_id, field, rule, customer_key}.
 *   stats        counts per leakage category, payment status, duplicates and the other sections.
 *
 * Each section is streamed to a part file while generating and stitched into truth.json at the end.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { BufferedFile } from './ndjson-writer.ts';

export interface TruthCustomer {
  key: string;
  name: string;
  domain: string;
  country: string;
  segment: string;
  presence: string;
  salesforce: string[];
  hubspot: string[];
  netsuite: string[];
}

export interface TruthDealBilling {
  system: 'salesforce' | 'hubspot';
  opportunity_id: string;
  crm_account_id: string;
  customer_key: string;
  erp_customer_id: string | null;
  category: string;
  reference: string | null;
  sales_order_id: string | null;
  invoice_ids: string[];
  credit_memo_ids: string[];
}

export interface TruthHealth {
  system: 'salesforce' | 'hubspot';
  crm_id: string;
  customer_key: string;
  erp_customer_id: string;
  duplicate: boolean;
  payment_status: string;
  credit_hold: boolean;
  open_balance: number;
  overdue_balance: number;
  currency: string;
  oldest_overdue_date: string | null;
  last_payment_date: string | null;
}

export interface ValidationFailure {
  system: 'salesforce';
  object: 'Account';
  record_id: string;
  field: 'BillingCountry';
  rule: string;
  customer_key: string;
}

export interface TruthStats {
  customers: number;
  leakage: Record<string, number>;
  health: Record<string, number>;
  stale_xrefs: number;
  validation_failures: number;
  duplicate_accounts: { salesforce: number; hubspot: number };
  accounts: { salesforce: number; hubspot: number };
}

const SECTIONS = ['customers', 'leakage', 'deal_billing', 'health', 'stale_xrefs', 'validation_failures'] as const;
type Section = (typeof SECTIONS)[number];

export class TruthWriter {
  private readonly dir: string;
  private readonly header: Record<string, unknown>;
  private readonly parts = new Map<Section, { file: BufferedFile; count: number }>();

  private constructor(dir: string, header: Record<string, unknown>) {
    this.dir = dir;
    this.header = header;
    for (const section of SECTIONS) this.parts.set(section, { file: new BufferedFile(this.partPath(section)), count: 0 });
  }

  static open(dir: string, header: { as_of: string; seed: number; companies: number }): TruthWriter {
    return new TruthWriter(dir, header);
  }

  add(section: Section, entry: object): void {
    const part = this.parts.get(section)!;
    part.file.write((part.count === 0 ? '' : ',\n') + JSON.stringify(entry));
    part.count++;
  }

  async flush(): Promise<void> {
    for (const part of this.parts.values()) if (part.file.full) await part.file.flush();
  }

  /** Closes the parts and stitches truth.json together (streamed: no section is held in memory). */
  async close(stats: TruthStats): Promise<void> {
    for (const part of this.parts.values()) await part.file.close();
    const target = path.join(this.dir, 'truth.json');
    await pipeline(Readable.from(this.pieces(stats)), createWriteStream(target, { encoding: 'utf8' }));
    for (const section of SECTIONS) await unlink(this.partPath(section));
  }

  private async *pieces(stats: TruthStats): AsyncGenerator<string | Buffer> {
    yield '{\n';
    for (const [key, value] of Object.entries(this.header)) yield `"${key}": ${JSON.stringify(value)},\n`;
    for (const section of SECTIONS) {
      yield `"${section}": [\n`;
      for await (const chunk of createReadStream(this.partPath(section))) yield chunk as Buffer;
      yield '\n],\n';
    }
    yield `"stats": ${JSON.stringify(stats)}\n}\n`;
  }

  private partPath(section: Section): string {
    return path.join(this.dir, `.truth-${section}.part`);
  }
}
