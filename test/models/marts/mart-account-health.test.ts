import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../../extract/run-extract.ts';
import { MODELS } from '../../../models/model-registry.ts';
import { installNormalisation } from '../../../models/normalisation/install-normalisation.ts';
import { buildModels } from '../../../models/runner/build-models.ts';
import { assertBuildable, compileModelGraph } from '../../../models/runner/model-graph.ts';
import { readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import type { RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import type { TruthHealth } from '../../../sandbox/generator/truth-writer.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';
import { sandboxConnectors, sandboxForExtract } from '../../extract/extract-support.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';
import { buildFailures } from '../matching/matching-support.ts';

/** The generated data is a snapshot at 00:00 UTC on its as-of day (sandboxForExtract generates 2026-11-01). */
const AS_OF = new Date('2026-11-01T00:00:00Z');

interface HealthRow {
  system: string;
  crm_id: string;
  erp_customer_id: string;
  payment_status: string;
  credit_hold: boolean;
  open_balance: string;
  overdue_balance: string;
  currency: string | null;
  oldest_overdue_due_date: string | null;
  last_payment_date: string | null;
  health_score: number;
  health: string;
  score_explanation: string;
}

let dir = '';
let sandbox: RunningSandbox;
let warehouse: Warehouse;
let truth: TruthHealth[] = [];

beforeAll(async () => {
  dir = await makeTempDir();
  let configFile: string;
  ({ sandbox, configFile } = await sandboxForExtract(dir, {}, 800));
  truth = (JSON.parse(await readFile(path.join(dir, 'data', 'truth.json'), 'utf8')) as { health: TruthHealth[] }).health;
  warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  await migrateWarehouse(warehouse.db);
  await warehouse.withConnection((connection) => installNormalisation(connection));
  const summary = await runExtract(warehouse, sandboxConnectors(configFile), { runId: 'run-1', now: () => AS_OF });
  expect(summary.status).toBe('ok');
  await buildAsOf();
}, 300_000);

afterAll(async () => {
  await warehouse?.close();
  await sandbox?.close();
  if (dir) await removeDir(dir);
});

async function buildAsOf(): Promise<void> {
  const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: AS_OF, sources: await readSourceTables(warehouse.db) });
  assertBuildable(plan);
  expect(buildFailures(await buildModels(warehouse.db, plan))).toEqual([]);
}

/**
 * Truth accounts whose record does not share a master id with the NetSuite customer the truth names,
 * with the account's match status (review = a possible match waits for a person).
 */
async function unlinkedInTruth(): Promise<Map<string, string>> {
  const { rows } = await sql<{ system: string; source_id: string; master_id: string; match_status: string }>`
    SELECT system, source_id, master_id, match_status FROM mart.customer_xref`.execute(warehouse.db);
  const xref = new Map(rows.map((r) => [`${r.system}:${r.source_id}`, r]));
  const unlinked = truth.filter((t) => xref.get(`${t.system}:${t.crm_id}`)?.master_id !== xref.get(`netsuite:${t.erp_customer_id}`)?.master_id);
  return new Map(unlinked.map((t) => [`${t.system}:${t.crm_id}`, xref.get(`${t.system}:${t.crm_id}`)?.match_status ?? 'missing']));
}

/** Accounts in the mart that the truth does not list (their master holds a NetSuite customer of another company). */
function extraAccounts(rows: ReadonlyMap<string, HealthRow>): string[] {
  const expected = new Set(truth.map((t) => `${t.system}:${t.crm_id}`));
  return [...rows.values()].filter((r) => !expected.has(`${r.system}:${r.crm_id}`)).map((r) => `${r.system}:${r.crm_id} -> netsuite ${r.erp_customer_id}`);
}

async function healthRows(): Promise<Map<string, HealthRow>> {
  const { rows } = await sql<HealthRow>`SELECT system, crm_id, erp_customer_id, payment_status, credit_hold,
      CAST(open_balance AS VARCHAR) AS open_balance, CAST(overdue_balance AS VARCHAR) AS overdue_balance, currency,
      CAST(oldest_overdue_due_date AS VARCHAR) AS oldest_overdue_due_date, CAST(last_payment_date AS VARCHAR) AS last_payment_date,
      health_score, health, score_explanation
    FROM mart.account_health`.execute(warehouse.db);
  return new Map(rows.map((r) => [`${r.system}:${r.crm_id}`, r]));
}

/** What differs between the truth and the mart for one account, as readable lines. */
function differences(expected: TruthHealth, actual: HealthRow | undefined): string[] {
  const key = `${expected.system}:${expected.crm_id}`;
  if (!actual) return [`${key}: missing from mart.account_health (truth: NetSuite customer ${expected.erp_customer_id})`];
  const pairs: [string, unknown, unknown][] = [
    ['erp_customer_id', expected.erp_customer_id, actual.erp_customer_id],
    ['payment_status', expected.payment_status, actual.payment_status],
    ['credit_hold', expected.credit_hold, actual.credit_hold],
    ['open_balance', expected.open_balance.toFixed(2), actual.open_balance],
    ['overdue_balance', expected.overdue_balance.toFixed(2), actual.overdue_balance],
    ['currency', expected.currency, actual.currency],
    ['oldest_overdue_date', expected.oldest_overdue_date, actual.oldest_overdue_due_date],
    ['last_payment_date', expected.last_payment_date, actual.last_payment_date],
  ];
  return pairs.filter(([, e, a]) => e !== a).map(([field, e, a]) => `${key} ${field}: truth ${String(e)}, mart ${String(a)}`);
}

describe('mart.account_health', () => {
  it('matches the truth for every CRM account the matcher linked to its NetSuite customer; the others wait for review', async () => {
    const rows = await healthRows();
    expect(truth.length).toBeGreaterThan(500);
    expect(new Set(truth.map((t) => t.payment_status))).toEqual(new Set(['no_invoices', 'paid', 'open', 'overdue', 'credit_hold']));
    const waiting = await unlinkedInTruth();
    const mismatches = truth.filter((t) => !waiting.has(`${t.system}:${t.crm_id}`))
      .flatMap((expected) => differences(expected, rows.get(`${expected.system}:${expected.crm_id}`)));
    if (mismatches.length > 0) console.log(mismatches.join('\n'));
    expect(mismatches).toEqual([]);
    console.log(`${waiting.size} of ${truth.length} accounts are not linked to their NetSuite customer yet: ${[...waiting.entries()].map(([k, v]) => `${k} (${v})`).join(', ')}`);
    expect([...waiting.values()].filter((status) => status !== 'review')).toEqual([]);
    expect(waiting.size).toBeLessThan(truth.length * 0.01);
    expect(extraAccounts(rows)).toEqual([]);
  });

  it('matches the truth for every account once a person confirms the matches waiting for review', async () => {
    const waiting = await unlinkedInTruth();
    for (const t of truth.filter((entry) => waiting.has(`${entry.system}:${entry.crm_id}`))) {
      await sql`INSERT INTO meta.xref_decisions (left_system, left_id, right_system, right_id, decision, decided_by)
        VALUES (${t.system}, ${t.crm_id}, 'netsuite', ${t.erp_customer_id}, 'confirm', 'test')`.execute(warehouse.db);
    }
    await buildAsOf();
    const rows = await healthRows();
    const mismatches = truth.flatMap((expected) => differences(expected, rows.get(`${expected.system}:${expected.crm_id}`)));
    if (mismatches.length > 0) console.log(mismatches.join('\n'));
    expect(mismatches).toEqual([]);
    expect(extraAccounts(rows)).toEqual([]);
  }, 120_000);

  it('bands follow the score, a credit hold is red, and the explanation adds up to the score', async () => {
    const rows = [...(await healthRows()).values()];
    const band = (score: number): string => (score >= 71 ? 'green' : score >= 36 ? 'yellow' : 'red');
    expect(rows.filter((r) => r.health !== band(r.health_score))).toEqual([]);
    expect(rows.filter((r) => r.credit_hold && (r.health !== 'red' || r.health_score > 20))).toEqual([]);
    expect(rows.filter((r) => !r.score_explanation.endsWith(`= ${r.health_score} ${r.health}`))).toEqual([]);
    expect(new Set(rows.map((r) => r.health))).toEqual(new Set(['green', 'yellow', 'red']));
    const paid = rows.find((r) => r.payment_status === 'paid' && Number(r.overdue_balance) === 0 && !r.credit_hold);
    expect(paid?.health).toBe('green');
  });
});

describe('mart.ar_aging', () => {
  it('buckets add up to the total open, which equals the NetSuite customer\'s open balance in the truth', async () => {
    const { rows } = await sql<{ erp_customer_id: string; total_open: string; buckets: string; overdue_amount: string }>`
      SELECT erp_customer_id, CAST(total_open AS VARCHAR) AS total_open,
        CAST(current_amount + days_1_30 + days_31_60 + days_61_90 + days_over_90 AS VARCHAR) AS buckets,
        CAST(overdue_amount AS VARCHAR) AS overdue_amount
      FROM mart.ar_aging`.execute(warehouse.db);
    expect(rows.filter((r) => r.buckets !== r.total_open)).toEqual([]);
    const byCustomer = new Map(rows.map((r) => [r.erp_customer_id, r]));
    const wrong = truth.filter((t) => {
      const row = byCustomer.get(t.erp_customer_id);
      return row?.total_open !== t.open_balance.toFixed(2) || row.overdue_amount !== t.overdue_balance.toFixed(2);
    });
    expect(wrong.map((t) => `${t.erp_customer_id}: truth ${t.open_balance} / ${t.overdue_balance}`)).toEqual([]);
  });

  it('equals NetSuite\'s own balance and overdue balance fields for every customer, ERP-only ones included', async () => {
    const { rows } = await sql<{ customers: bigint; with_balance: bigint; differing: bigint }>`
      SELECT count(*) AS customers, count(*) FILTER (WHERE c.balance > 0) AS with_balance,
        count(*) FILTER (WHERE a.total_open <> coalesce(c.balance, 0) OR a.overdue_amount <> coalesce(c.overdue_balance, 0)) AS differing
      FROM mart.ar_aging a JOIN stg.netsuite_customer c ON CAST(c.id AS VARCHAR) = a.erp_customer_id`.execute(warehouse.db);
    expect(Number(rows[0]!.customers)).toBeGreaterThan(truth.length);
    expect(Number(rows[0]!.with_balance)).toBeGreaterThan(50);
    expect(Number(rows[0]!.differing)).toBe(0);
  });

  it('ages by days past due at the as-of date: due today is current, due yesterday is 1–30, 91 days ago is over 90', async () => {
    const { rows } = await sql<{ due_date: string; bucket: string }>`
      WITH inv AS (
        SELECT t.customer_id, t.due_date FROM stg.netsuite_transaction t
        WHERE t.type = 'CustInvc' AND t.amount_unpaid > 0
        QUALIFY count(*) OVER (PARTITION BY t.customer_id) = 1
      )
      SELECT CAST(inv.due_date AS VARCHAR) AS due_date,
        CASE WHEN a.current_amount > 0 THEN 'current' WHEN a.days_1_30 > 0 THEN '1-30' WHEN a.days_31_60 > 0 THEN '31-60'
          WHEN a.days_61_90 > 0 THEN '61-90' ELSE '90+' END AS bucket
      FROM inv JOIN mart.ar_aging a ON a.erp_customer_id = CAST(inv.customer_id AS VARCHAR)`.execute(warehouse.db);
    const expectedBucket = (due: string): string => {
      const days = Math.round((AS_OF.getTime() - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
      return days <= 0 ? 'current' : days <= 30 ? '1-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '90+';
    };
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.bucket !== expectedBucket(r.due_date))).toEqual([]);
  });

  it('writes balances in the Salesforce Account\'s currency: as is when it matches the customer\'s, else at NetSuite\'s rates on the as-of date', async () => {
    const { rows: same } = await sql<{ n: bigint }>`
      SELECT count(*) AS n FROM mart.account_health WHERE system = 'salesforce' AND open_balance > 0 AND crm_currency = currency
        AND open_balance_crm_currency = open_balance AND overdue_balance_crm_currency = overdue_balance`.execute(warehouse.db);
    expect(Number(same[0]!.n)).toBeGreaterThan(10);

    // An account kept in another currency than its NetSuite customer (here: the other of USD and EUR).
    const { rows: [account] } = await sql<{ crm_id: string; currency: string; open_balance: string; overdue_balance: string }>`
      SELECT crm_id, currency, CAST(open_balance AS VARCHAR) AS open_balance, CAST(overdue_balance AS VARCHAR) AS overdue_balance
      FROM mart.account_health WHERE system = 'salesforce' AND open_balance > 0 AND currency IN ('USD', 'EUR') ORDER BY crm_id LIMIT 1`.execute(warehouse.db);
    const other = account!.currency === 'USD' ? 'EUR' : 'USD';
    await sql`UPDATE stg.salesforce_account SET currency_code = ${other} WHERE id = ${account!.crm_id}`.execute(warehouse.db);
    const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: AS_OF, sources: await readSourceTables(warehouse.db) });
    expect(buildFailures(await buildModels(warehouse.db, plan, { select: new Set(['mart.account_health']) }))).toEqual([]);

    const rate = async (currency: string): Promise<number> => {
      const { rows } = await sql<{ rate: string }>`SELECT CAST(rate AS VARCHAR) AS rate FROM int.currency_rates
        WHERE currency = ${currency} AND effective_date <= ${AS_OF} ORDER BY effective_date DESC LIMIT 1`.execute(warehouse.db);
      return Number(rows[0]!.rate);
    };
    const factor = (await rate(account!.currency)) / (await rate(other));
    const { rows: [converted] } = await sql<{ crm_currency: string; open: string; overdue: string }>`
      SELECT crm_currency, CAST(open_balance_crm_currency AS VARCHAR) AS open, CAST(overdue_balance_crm_currency AS VARCHAR) AS overdue
      FROM mart.account_health WHERE system = 'salesforce' AND crm_id = ${account!.crm_id}`.execute(warehouse.db);
    expect(converted!.crm_currency).toBe(other);
    expect(Number(converted!.open)).toBeCloseTo(Number(account!.open_balance) * factor, 2);
    expect(Number(converted!.overdue)).toBeCloseTo(Number(account!.overdue_balance) * factor, 2);
    expect(Number(converted!.open)).not.toBe(Number(account!.open_balance));
  });
});
