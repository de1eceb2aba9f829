import { mkdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { dayIso, parseDay } from './calendar.ts';
import { CompanyGenerator } from './company-generator.ts';
import { CompanyUniverse } from './company-universe.ts';
import { CrossReferences } from './cross-references.ts';
import { buildSalesTeam } from './crm-users.ts';
import { ALL_FILES, FILES } from './dataset-files.ts';
import { ExchangeRates } from './exchange-rates.ts';
import type { GenerationContext } from './generation-context.ts';
import { IdSequences } from './id-sequences.ts';
import { buildLocalePools } from './locale-pools.ts';
import { DatasetWriter } from './ndjson-writer.ts';
import { currencyRateRecords, currencyRecords, employeeRecords, subsidiaryRecords, termRecords } from './netsuite-records.ts';
import { userRecord } from './salesforce-records.ts';
import { TruthTally } from './truth-tally.ts';
import { TruthWriter, type TruthStats } from './truth-writer.ts';
import { defaultSandboxOptions } from '../sandbox-options.ts';

export interface GenerateOptions {
  /** Dataset folder to write (created if missing; the dataset's files in it are replaced). */
  out: string;
  companies: number;
  seed: number;
  /** YYYY-MM-DD: the dataset is a snapshot taken at 00:00 UTC that day. */
  asOf: string;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateSummary {
  out: string;
  companies: number;
  seed: number;
  asOf: string;
  /** Records written per dataset file (`salesforce/Account.ndjson` → n). */
  counts: Record<string, number>;
  truth: TruthStats;
  elapsedMs: number;
}

/** Companies generated between two flushes (and progress reports). */
const BLOCK = 250;

/**
 * Writes a synthetic dataset folder: the seller's Salesforce (enterprise), HubSpot (SMB) and NetSuite
 * (ERP) data about `companies` customers and prospects, with noise and planted leakage, plus truth.json.
 * Deterministic per (seed, asOf, companies); streamed company by company, so memory stays flat.
 */
export async function generateDataset(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  validate(options);
  const asOf = parseDay(options.asOf);
  const { out, companies, seed } = options;
  await mkdir(out, { recursive: true });
  const pools = buildLocalePools(seed);
  const ids = new IdSequences(seed);
  const integration = defaultSandboxOptions().salesforce;
  const ctx: GenerationContext = {
    seed, asOf, lastDay: asOf - 1, pools, ids,
    team: buildSalesTeam(seed, companies, pools.US, asOf - 1, { id: integration.userId, username: integration.username }),
    rates: new ExchangeRates(seed, asOf),
    xrefs: new CrossReferences(ids),
  };
  const data = await DatasetWriter.open(out, ALL_FILES);
  const truth = TruthWriter.open(out, { as_of: dayIso(asOf), seed, companies });
  const tally = new TruthTally();
  writeSetup(data, ctx);
  const universe = new CompanyUniverse(seed, companies, pools);
  const generator = new CompanyGenerator(ctx, data, truth, tally);
  for (let done = 0; done < companies;) {
    const end = Math.min(companies, done + BLOCK);
    for (; done < end; done++) generator.generate(universe.next());
    await data.flush();
    await truth.flush();
    options.onProgress?.(done, companies);
  }
  await data.close();
  const stats = tally.stats();
  await truth.close(stats);
  return { out, companies, seed, asOf: dayIso(asOf), counts: data.counts(), truth: stats, elapsedMs: Math.round(performance.now() - started) };
}

function validate(options: GenerateOptions): void {
  if (typeof options.out !== 'string' || options.out.trim() === '') throw new Error('generateDataset: "out" must name the dataset folder to write');
  if (!Number.isSafeInteger(options.companies) || options.companies < 1) {
    throw new Error(`generateDataset: "companies" must be a positive integer, got ${options.companies}`);
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new Error(`generateDataset: "seed" must be a non-negative integer, got ${options.seed}`);
}

/** Records that do not depend on the companies: users, subsidiaries, currencies and rates. */
function writeSetup(data: DatasetWriter, ctx: GenerationContext): void {
  for (const user of [ctx.team.integrationUser, ...ctx.team.salesforceUsers]) data.write(FILES.sfUser, userRecord(user, ctx.lastDay));
  for (const row of subsidiaryRecords(ctx.lastDay)) data.write(FILES.nsSubsidiary, row);
  for (const row of currencyRecords(ctx.rates, ctx.lastDay)) data.write(FILES.nsCurrency, row);
  for (const row of currencyRateRecords(ctx.rates)) data.write(FILES.nsCurrencyRate, row);
  for (const row of termRecords(ctx.lastDay)) data.write(FILES.nsTerm, row);
  for (const row of employeeRecords(ctx.team, ctx.lastDay)) data.write(FILES.nsEmployee, row);
}
