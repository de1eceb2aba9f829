import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDataset, type GenerateSummary } from '../../../sandbox/generator/generate-dataset.ts';
import { loadDataset, type LoadedDataset } from '../../../sandbox/dataset/dataset-loader.ts';
import { SandboxDb } from '../../../sandbox/store/sandbox-db.ts';
import { SALESFORCE_OBJECTS } from '../../../sandbox/salesforce/salesforce-objects.ts';
import { HUBSPOT_OBJECTS } from '../../../sandbox/hubspot/hubspot-objects.ts';
import { NETSUITE_TABLES } from '../../../sandbox/netsuite/netsuite-tables.ts';
import { salesforceChecksum } from '../../../sandbox/generator/salesforce-id.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';

const AS_OF = '2026-11-01';
const COMPANIES = 1500;

interface Truth {
  as_of: string;
  seed: number;
  companies: number;
  customers: { key: string; name: string; presence: string; salesforce: string[]; hubspot: string[]; netsuite: string[] }[];
  leakage: Record<string, unknown>[];
  deal_billing: {
    system: string; opportunity_id: string; customer_key: string; erp_customer_id: string | null; category: string;
    reference: string | null; sales_order_id: string | null; invoice_ids: string[]; credit_memo_ids: string[];
  }[];
  health: { system: string; crm_id: string; erp_customer_id: string; payment_status: string; credit_hold: boolean; open_balance: number; overdue_balance: number }[];
  stale_xrefs: { system: string; object: string; record_id: string; field: string; value: string; points_to: string; correct_value: string | null }[];
  validation_failures: { record_id: string }[];
  stats: { leakage: Record<string, number> };
}

interface WonDeal {
  id: string;
  amount: number;
  currency: string;
  close: string;
}

interface Invoice {
  id: string;
  type: string;
  entity: string;
  trandate: string;
  total: number;
  currency: string;
  createdfrom: string | null;
  externalid: string | null;
  custbody: string | null;
}

let dir: string;
let db: SandboxDb;
let dataset: LoadedDataset;
let summary: GenerateSummary;
let truth: Truth;

beforeAll(async () => {
  dir = await makeTempDir('closeloop-generator-');
  summary = await generateDataset({ out: dir, companies: COMPANIES, seed: 11, asOf: AS_OF });
  truth = JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8')) as Truth;
  db = await SandboxDb.open();
  dataset = await loadDataset(db, dir);
});

afterAll(async () => {
  db?.close();
  if (dir) await removeDir(dir);
});

const rows = <T>(sql: string): Promise<T[]> => db.all(sql) as Promise<T[]>;
const ids = async (sql: string): Promise<Set<string>> => new Set((await rows<{ id: unknown }>(sql)).map((r) => String(r.id)));

async function wonDeals(): Promise<Map<string, WonDeal>> {
  const sf = await rows<{ id: string; amount: number; currency: string; close: string }>(
    `SELECT "Id" AS id, "Amount" AS amount, "CurrencyIsoCode" AS currency, strftime("CloseDate", '%Y-%m-%d') AS close FROM salesforce."Opportunity" WHERE "IsWon"`);
  const hs = await rows<{ id: string; amount: string; currency: string; close: string }>(
    `SELECT id, amount, deal_currency_code AS currency, substr(closedate, 1, 10) AS close FROM hubspot.deals WHERE dealstage = 'closedwon'`);
  return new Map([...sf, ...hs.map((d) => ({ ...d, amount: Number(d.amount) }))].map((d) => [d.id, d]));
}

async function transactions(): Promise<Map<string, Invoice>> {
  const list = await rows<Invoice>(`SELECT id::VARCHAR AS id, type, entity::VARCHAR AS entity, strftime(trandate, '%Y-%m-%d') AS trandate, foreigntotal AS total,
      (SELECT symbol FROM netsuite.currency c WHERE c.id = t.currency) AS currency, createdfrom::VARCHAR AS createdfrom, externalid, custbody_crm_opportunity_id AS custbody
    FROM netsuite."transaction" t`);
  return new Map(list.map((t) => [t.id, t]));
}

const days = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 86_400_000;

describe('generateDataset: files', () => {
  it('writes every file of the dataset contract, and each loads against its schema with no extra fields', () => {
    for (const schema of [...SALESFORCE_OBJECTS, ...HUBSPOT_OBJECTS, ...NETSUITE_TABLES]) {
      expect(summary.counts[schema.file], schema.file).toBeGreaterThanOrEqual(0);
      expect(dataset.rowCounts[`${schema.system}/${schema.name}`], schema.file).toBe(summary.counts[schema.file]);
    }
    for (const effective of [...dataset.salesforce, ...dataset.hubspot, ...dataset.netsuite]) {
      const declared = [...SALESFORCE_OBJECTS, ...HUBSPOT_OBJECTS, ...NETSUITE_TABLES].find((s) => s.system === effective.system && s.name === effective.name)!;
      expect(effective.fields.map((f) => f.name), effective.file).toEqual(declared.fields.map((f) => f.name));
    }
    expect(summary.counts['salesforce/Account.ndjson']).toBeGreaterThan(300);
    expect(summary.counts['netsuite/transactionline.ndjson']).toBeGreaterThan(summary.counts['netsuite/transaction.ndjson']!);
  });

  it('gives Salesforce ids the object key prefix and a valid case-safe checksum', async () => {
    const checks: [string, string][] = [['Account', '001'], ['Opportunity', '006'], ['OpportunityLineItem', '00k'], ['User', '005']];
    for (const [object, prefix] of checks) {
      for (const { Id } of await rows<{ Id: string }>(`SELECT "Id" FROM salesforce."${object}"`)) {
        expect(Id).toMatch(/^[0-9A-Za-z]{18}$/);
        expect(Id.startsWith(prefix)).toBe(true);
        expect(Id.slice(15)).toBe(salesforceChecksum(Id.slice(0, 15)));
      }
    }
  });

  it('keeps every date and timestamp before the as-of date, and modification after creation', async () => {
    const [sf] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM salesforce."Opportunity"
      WHERE "CreatedDate" >= TIMESTAMP '${AS_OF}' OR "LastModifiedDate" < "CreatedDate" OR "SystemModstamp" < "LastModifiedDate" OR "SystemModstamp" >= TIMESTAMP '${AS_OF}'
        OR ("IsClosed" AND "CloseDate" >= DATE '${AS_OF}')`);
    const [hs] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM hubspot.companies WHERE "createdAt" >= TIMESTAMP '${AS_OF}' OR "updatedAt" < "createdAt"`);
    const [ns] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM netsuite."transaction"
      WHERE trandate >= DATE '${AS_OF}' OR lastmodifieddate < createddate OR lastmodifieddate >= TIMESTAMP '${AS_OF}'`);
    expect([sf!.bad, hs!.bad, ns!.bad]).toEqual([0n, 0n, 0n]);
  });

  it('makes deal amounts the sum of their line items, and NetSuite lines the transaction total', async () => {
    const [sf] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM salesforce."Opportunity" o
      WHERE o."Amount" <> (SELECT sum("TotalPrice") FROM salesforce."OpportunityLineItem" l WHERE l."OpportunityId" = o."Id")`);
    const [hs] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM hubspot.deals d
      WHERE d.amount::DECIMAL(18,2) <> (SELECT sum(li.amount::DECIMAL(18,2)) FROM hubspot.associations a JOIN hubspot.line_items li ON li.id = a.to_id
                                         WHERE a.from_type = 'deals' AND a.from_id = d.id AND a.to_type = 'line_items')`);
    const [ns] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM netsuite."transaction" t
      WHERE t.foreigntotal <> (SELECT abs(foreignamount) FROM netsuite.transactionline l WHERE l."transaction" = t.id AND l.mainline)
         OR (t.type <> 'CustPymt' AND t.foreigntotal <> (SELECT abs(sum(foreignamount)) FROM netsuite.transactionline l WHERE l."transaction" = t.id AND NOT l.mainline))`);
    const [signs] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM netsuite.transactionline l JOIN netsuite."transaction" t ON t.id = l."transaction"
      WHERE NOT l.mainline AND ((t.type IN ('SalesOrd', 'CustInvc') AND l.foreignamount > 0) OR (t.type = 'CustCred' AND l.foreignamount < 0))`);
    expect([sf!.bad, hs!.bad, ns!.bad, signs!.bad]).toEqual([0n, 0n, 0n, 0n]);
  });

  it('keeps invoices internally consistent: paid + unpaid = total, status B exactly when nothing is open', async () => {
    const [bad] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM netsuite."transaction" WHERE type = 'CustInvc'
      AND (foreignamountpaid + foreignamountunpaid <> foreigntotal OR (status = 'B') <> (foreignamountunpaid = 0) OR duedate < trandate
           OR createdfrom NOT IN (SELECT id FROM netsuite."transaction" WHERE type = 'SalesOrd'))`);
    expect(bad!.bad).toBe(0n);
  });
});

describe('generateDataset: truth', () => {
  it('lists every company once, with ids that exist in the files — and every record of the files', async () => {
    expect(truth.as_of).toBe(AS_OF);
    expect(truth.customers).toHaveLength(COMPANIES);
    const accounts = await ids(`SELECT "Id" AS id FROM salesforce."Account"`);
    const companies = await ids(`SELECT id FROM hubspot.companies`);
    const customers = await ids(`SELECT id FROM netsuite.customer`);
    const listed = (system: 'salesforce' | 'hubspot' | 'netsuite'): string[] => truth.customers.flatMap((c) => c[system]);
    expect(new Set(listed('salesforce'))).toEqual(accounts);
    expect(new Set(listed('hubspot'))).toEqual(companies);
    expect(new Set(listed('netsuite'))).toEqual(customers);
    expect(listed('salesforce')).toHaveLength(accounts.size);
  });

  it('plants every leakage category, each finding pointing at real records', async () => {
    const categories = ['unmatched_customer', 'not_invoiced', 'pending', 'under_invoiced', 'over_invoiced', 'currency_mismatch', 'late_invoice', 'invoiced_without_deal'];
    for (const category of categories) expect(truth.stats.leakage[category] ?? 0, category).toBeGreaterThanOrEqual(1);
    const won = await wonDeals();
    const docs = await transactions();
    for (const finding of truth.leakage) {
      if (finding.category === 'invoiced_without_deal') expect(docs.get(String(finding.erp_transaction_id))?.type).toBe('CustInvc');
      else expect(won.has(String(finding.opportunity_id)), String(finding.opportunity_id)).toBe(true);
    }
  });

  it('agrees with a re-derivation of every won deal’s category from the files', async () => {
    const won = await wonDeals();
    const docs = await transactions();
    expect(new Set(truth.deal_billing.map((b) => b.opportunity_id))).toEqual(new Set(won.keys()));
    const findings = new Map(truth.leakage.filter((f) => f.opportunity_id).map((f) => [String(f.opportunity_id), f.category]));
    for (const billing of truth.deal_billing) {
      const deal = won.get(billing.opportunity_id)!;
      const invoices = billing.invoice_ids.map((id) => docs.get(id)!);
      const credits = billing.credit_memo_ids.map((id) => docs.get(id)!);
      for (const doc of [...invoices, ...credits]) expect(doc.entity).toBe(billing.erp_customer_id);
      expect(invoices.every((i) => i.type === 'CustInvc') && credits.every((c) => c.type === 'CustCred' && billing.invoice_ids.includes(c.createdfrom!))).toBe(true);
      const net = invoices.reduce((s, i) => s + i.total, 0) - credits.reduce((s, c) => s + c.total, 0);
      const tolerance = Math.max(deal.amount * 0.02, 50);
      const first = invoices.map((i) => i.trandate).sort()[0];
      const expected = billing.erp_customer_id === null ? 'unmatched_customer'
        : invoices.length === 0 ? (days(deal.close, AS_OF) >= 30 ? 'not_invoiced' : 'pending')
          : invoices.some((i) => i.currency !== deal.currency) ? 'currency_mismatch'
            : net < deal.amount - tolerance - 0.005 ? 'under_invoiced'
              : net > deal.amount + tolerance + 0.005 ? 'over_invoiced'
                : days(deal.close, first!) > 30 ? 'late_invoice' : 'clean';
      expect(billing.category, billing.opportunity_id).toBe(expected);
      expect(findings.get(billing.opportunity_id) ?? 'clean').toBe(expected);
    }
    const clean = truth.deal_billing.filter((b) => b.category === 'clean');
    expect(clean.length / truth.deal_billing.length).toBeGreaterThan(0.6);
    // Clean deals include small within-tolerance differences.
    expect(clean.some((b) => b.invoice_ids.length === 1 && docs.get(b.invoice_ids[0]!)!.total !== won.get(b.opportunity_id)!.amount)).toBe(true);
  });

  it('names deals in NetSuite only where the truth says, and leaves unreferenced deals unambiguous within their matching window', async () => {
    const won = await wonDeals();
    const docs = await transactions();
    const referenced = new Set([...docs.values()].flatMap((d) => [d.externalid, d.custbody]).filter((v): v is string => v !== null));
    const byCustomer = new Map<string, WonDeal[]>();
    for (const b of truth.deal_billing) if (b.erp_customer_id) byCustomer.set(b.erp_customer_id, [...(byCustomer.get(b.erp_customer_id) ?? []), won.get(b.opportunity_id)!]);
    let unreferenced = 0;
    for (const b of truth.deal_billing) {
      if (b.reference === null || b.invoice_ids.length === 0) continue;
      const order = b.sales_order_id ? docs.get(b.sales_order_id)! : null;
      const mentions = (value: string | null): boolean => value !== null && (value === b.opportunity_id || (value.length === 15 && b.opportunity_id.startsWith(value)));
      if (b.reference === 'order_custbody') expect(mentions(order?.custbody ?? null)).toBe(true);
      if (b.reference === 'order_externalid') expect(order?.externalid).toBe(b.opportunity_id);
      if (b.reference === 'invoice_custbody') expect(b.invoice_ids.some((id) => mentions(docs.get(id)!.custbody))).toBe(true);
      if (b.reference !== 'none') continue;
      unreferenced++;
      expect(referenced.has(b.opportunity_id) || referenced.has(b.opportunity_id.slice(0, 15))).toBe(false);
      const deal = won.get(b.opportunity_id)!;
      for (const id of b.invoice_ids) {
        const gap = days(deal.close, docs.get(id)!.trandate);
        expect(gap).toBeGreaterThanOrEqual(-7);
        expect(gap).toBeLessThanOrEqual(90);
        const rivals = byCustomer.get(b.erp_customer_id!)!.filter((other) => other.id !== deal.id && days(other.close, docs.get(id)!.trandate) >= -7 && days(other.close, docs.get(id)!.trandate) <= 90);
        expect(rivals).toEqual([]);
      }
    }
    expect(unreferenced).toBeGreaterThan(0);
    expect(truth.leakage.some((f) => f.category === 'under_invoiced' && f.reference === 'none')).toBe(true);
  });

  it('places orphan invoices of CRM-linked customers outside every won deal’s window, with no deal reference', async () => {
    const won = await wonDeals();
    const docs = await transactions();
    const orphans = truth.leakage.filter((f) => f.category === 'invoiced_without_deal');
    for (const orphan of orphans) {
      const invoice = docs.get(String(orphan.erp_transaction_id))!;
      const customer = truth.customers.find((c) => c.netsuite.includes(invoice.entity))!;
      expect(customer.salesforce.length + customer.hubspot.length).toBeGreaterThan(0);
      expect(invoice.custbody).toBeNull();
      const deals = truth.deal_billing.filter((b) => b.erp_customer_id === invoice.entity).map((b) => won.get(b.opportunity_id)!);
      for (const deal of deals) expect(days(deal.close, invoice.trandate) < -7 || days(deal.close, invoice.trandate) > 90).toBe(true);
    }
  });

  it('gives health for every CRM account of a NetSuite customer, matching statuses re-derived from the NetSuite files', async () => {
    const derived = new Map((await rows<{ id: string; hold: boolean; override: string; balance: number; overdue: number; invoices: bigint; open_sum: number; overdue_sum: number }>(`
      SELECT c.id::VARCHAR AS id, c.oncredithold AS hold, c.creditholdoverride AS override, c.balancesearch AS balance, c.overduebalancesearch AS overdue,
             count(t.id) AS invoices,
             coalesce(sum(round(t.foreignamountunpaid * t.exchangerate, 2)), 0) AS open_sum,
             coalesce(sum(round(t.foreignamountunpaid * t.exchangerate, 2)) FILTER (WHERE t.duedate < DATE '${AS_OF}' AND t.foreignamountunpaid > 0), 0) AS overdue_sum
      FROM netsuite.customer c LEFT JOIN netsuite."transaction" t ON t.entity = c.id AND t.type = 'CustInvc' GROUP BY ALL`)).map((r) => [r.id, r]));
    const mapped = truth.customers.filter((c) => c.netsuite.length > 0).flatMap((c) => [...c.salesforce, ...c.hubspot]);
    expect(new Set(truth.health.map((h) => h.crm_id))).toEqual(new Set(mapped));
    const statuses = new Set<string>();
    for (const health of truth.health) {
      const c = derived.get(health.erp_customer_id)!;
      const status = c.hold ? 'credit_hold' : c.invoices === 0n ? 'no_invoices' : c.overdue_sum > 0 ? 'overdue' : c.open_sum > 0 ? 'open' : 'paid';
      expect(health.payment_status, health.crm_id).toBe(status);
      expect(health.credit_hold).toBe(c.hold);
      expect([health.open_balance, health.overdue_balance]).toEqual([c.balance, c.overdue]);
      expect(Math.abs(c.open_sum - c.balance)).toBeLessThan(0.01 * Number(c.invoices) + 1e-9);
      expect(Math.abs(c.overdue_sum - c.overdue)).toBeLessThan(0.01 * Number(c.invoices) + 1e-9);
      if (c.override === 'ON') expect(c.hold).toBe(true);
      if (c.override === 'OFF') expect(c.hold).toBe(false);
      statuses.add(status);
    }
    expect([...statuses].sort()).toEqual(['credit_hold', 'no_invoices', 'open', 'overdue', 'paid']);
  });

  it('lists stale cross-references exactly as the files hold them', async () => {
    expect(truth.stale_xrefs.length).toBeGreaterThan(0);
    const customers = await ids(`SELECT id FROM netsuite.customer`);
    for (const stale of truth.stale_xrefs) {
      const [row] = stale.system === 'salesforce'
        ? await rows<{ value: string }>(`SELECT "ERP_Customer_Id__c" AS value FROM salesforce."Account" WHERE "Id" = '${stale.record_id}'`)
        : stale.system === 'hubspot'
          ? await rows<{ value: string }>(`SELECT erp_customer_id AS value FROM hubspot.companies WHERE id = '${stale.record_id}'`)
          : await rows<{ value: string }>(`SELECT ${stale.field} AS value FROM netsuite.customer WHERE id = ${stale.record_id}`);
      expect(row?.value).toBe(stale.value);
      expect(stale.value).not.toBe(stale.correct_value);
      if (stale.system !== 'netsuite') expect(customers.has(stale.value)).toBe(stale.points_to === 'other_record');
    }
    expect(new Set(truth.stale_xrefs.map((s) => s.points_to))).toEqual(new Set(['other_record', 'missing_record']));
  });

  it('records the Salesforce accounts that will fail the BillingCountry validation rule', async () => {
    expect(truth.validation_failures.length).toBeGreaterThanOrEqual(1);
    const blank = await ids(`SELECT "Id" AS id FROM salesforce."Account" WHERE "BillingCountry" IS NULL`);
    expect(new Set(truth.validation_failures.map((v) => v.record_id))).toEqual(blank);
  });
});

describe('generateDataset: realism', () => {
  it('enters 5–10% of CRM accounts twice', () => {
    for (const system of ['salesforce', 'hubspot'] as const) {
      const records = truth.customers.reduce((n, c) => n + c[system].length, 0);
      const duplicates = truth.customers.reduce((n, c) => n + Math.max(0, c[system].length - 1), 0);
      expect(duplicates / records, system).toBeGreaterThanOrEqual(0.05);
      expect(duplicates / records, system).toBeLessThanOrEqual(0.1);
    }
  });

  it('spells companies differently across systems, so names alone cannot link them', async () => {
    const sfNames = new Map((await rows<{ id: string; name: string }>(`SELECT "Id" AS id, "Name" AS name FROM salesforce."Account"`)).map((r) => [r.id, r.name]));
    const nsNames = new Map((await rows<{ id: string; name: string }>(`SELECT id::VARCHAR AS id, companyname AS name FROM netsuite.customer`)).map((r) => [r.id, r.name]));
    const pairs = truth.customers.filter((c) => c.salesforce.length > 0 && c.netsuite.length > 0).map((c) => [sfNames.get(c.salesforce[0]!)!, nsNames.get(c.netsuite[0]!)!]);
    const exact = pairs.filter(([a, b]) => a === b).length / pairs.length;
    expect(exact).toBeLessThan(0.6);
    expect(exact).toBeGreaterThan(0.05);
    // Distinct companies share leading words.
    const leads = truth.customers.map((c) => c.name.split(' ')[0]);
    expect(new Set(leads).size).toBeLessThan(leads.length * 0.9);
    expect(new Set(truth.customers.map((c) => c.name)).size).toBe(COMPANIES);
  });

  it('varies countries, states, postal codes and billing e-mail domains the way real systems do', async () => {
    const countries = (await rows<{ v: string }>(`SELECT DISTINCT "BillingCountry" AS v FROM salesforce."Account" WHERE "BillingCountry" IS NOT NULL`)).map((r) => r.v);
    expect(countries).toEqual(expect.arrayContaining(['United States', 'USA', 'US']));
    const nsCountries = (await rows<{ v: string }>(`SELECT DISTINCT country AS v FROM netsuite.entityaddress`)).map((r) => r.v).sort();
    expect(nsCountries).toEqual(['CA', 'DE', 'FR', 'GB', 'US']);
    const [states] = await rows<{ codes: bigint; names: bigint; zip4: bigint }>(`SELECT count(*) FILTER (WHERE length("BillingState") = 2) AS codes,
      count(*) FILTER (WHERE length("BillingState") > 2) AS names, count(*) FILTER (WHERE "BillingPostalCode" LIKE '_____-____') AS zip4 FROM salesforce."Account"`);
    expect(states!.codes).toBeGreaterThan(0n);
    expect(states!.names).toBeGreaterThan(0n);
    expect(states!.zip4).toBeGreaterThan(0n);
    const [mail] = await rows<{ free: bigint; websites: bigint }>(`SELECT count(*) FILTER (WHERE email LIKE '%@gmail.com' OR email LIKE '%@gmx.de' OR email LIKE '%@yahoo.%') AS free,
      count(DISTINCT regexp_extract(url, '^[a-zA-Z]*:?/*(www\\.)?', 0)) AS websites FROM netsuite.customer`);
    expect(mail!.free).toBeGreaterThan(0n);
    expect(mail!.websites).toBeGreaterThan(2n);
  });

  it('uses each CRM’s own stage model consistently', async () => {
    const [sf] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM salesforce."Opportunity"
      WHERE "IsWon" <> ("StageName" = 'Closed Won') OR "IsClosed" <> ("StageName" IN ('Closed Won', 'Closed Lost'))
         OR ("StageName" = 'Closed Won' AND ("Probability" <> 100 OR "ForecastCategoryName" <> 'Closed'))`);
    const [hs] = await rows<{ bad: bigint }>(`SELECT count(*) AS bad FROM hubspot.deals
      WHERE hs_is_closed_won <> (dealstage = 'closedwon')::VARCHAR OR hs_is_closed <> (dealstage IN ('closedwon', 'closedlost'))::VARCHAR`);
    expect([sf!.bad, hs!.bad]).toEqual([0n, 0n]);
  });
});
