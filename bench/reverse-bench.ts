import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDataset } from './bench-dataset.ts';
import { childFigure, runMeasured, startServeChild } from './child-process.ts';
import type { BaselineFigure } from './reverse-baseline.ts';
import type { ReverseRunFigure } from './reverse-size-run.ts';
import { callMismatches } from './reverse-write-calls.ts';

export type ReverseCaseName = '100% changed' | '1% changed' | 'nothing changed';

export interface ReverseCase {
  name: ReverseCaseName;
  /** Changed accounts per system, as the bench made them. */
  expected: Record<string, number>;
  run: ReverseRunFigure;
  /** The same records sent with plain fetch (none when nothing changed). */
  baseline: BaselineFigure[];
  peakRssMiB: number;
  peakHeapMiB: number;
}

export interface ReverseBenchResult {
  companies: number;
  accounts: Record<string, number>;
  generateSeconds: number | null;
  cases: ReverseCase[];
  /** Why the run is a failure: write calls above the minimum, or a plan that is not what the bench changed. */
  problems: string[];
}

const RUN_SIZE = path.resolve(import.meta.dirname, 'reverse-size-run.ts');
/** Only the files the reverse stage touches are served, so the sandbox starts quickly. */
const SERVED_FILES = ['salesforce/Account.ndjson', 'salesforce/User.ndjson', 'hubspot/companies.ndjson'];

/**
 * The reverse stage against the sandbox serving a generated dataset's Salesforce Accounts and HubSpot
 * companies: synthetic source marts with one row per account, written back with every account changed
 * (never sent before), again with 1% changed, and once more with nothing changed. Each run is its own
 * measured process; after each, the same records are sent with plain fetch as the floor.
 */
export async function benchReverse(workDir: string, companies: number): Promise<ReverseBenchResult> {
  const { dir, generateSeconds } = await ensureDataset(workDir, companies);
  const served = await linkServedFiles(dir, path.join(workDir, `reverse-${companies}-data`));
  const configFile = path.join(workDir, `reverse-${companies}.json`);
  // HubSpot's burst limit is lifted (the config follows it): the figure measures the stage, not the limit.
  const sandbox = await startServeChild(['--data', served, '--config-out', configFile, '--faults', 'hubspot.ten-second-limit=100000']);
  try {
    await freshWarehouse(configFile, path.join(workDir, `reverse-${companies}.duckdb`));
    const accounts = (await phase<Record<string, number>>(configFile, ['--phase', 'fill', '--data', dir])).figure;
    const cases: ReverseCase[] = [];
    console.log(`  ${Object.entries(accounts).map(([s, n]) => `${n} ${s}`).join(', ')} accounts in mart.account_health`);
    cases.push(await reverseCase(configFile, '100% changed', accounts, companies));
    const changed = (await phase<Record<string, number>>(configFile, ['--phase', 'change'])).figure;
    cases.push(await reverseCase(configFile, '1% changed', changed, companies));
    cases.push(await reverseCase(configFile, 'nothing changed', {}, companies));
    return { companies, accounts, generateSeconds, cases, problems: cases.flatMap(caseProblems) };
  } finally {
    sandbox.kill('SIGTERM');
  }
}

async function linkServedFiles(dataDir: string, servedDir: string): Promise<string> {
  await rm(servedDir, { recursive: true, force: true });
  for (const file of SERVED_FILES) {
    await mkdir(path.dirname(path.join(servedDir, file)), { recursive: true });
    await symlink(path.join(dataDir, file), path.join(servedDir, file));
  }
  return servedDir;
}

async function freshWarehouse(configFile: string, warehouseFile: string): Promise<void> {
  await rm(warehouseFile, { force: true });
  await rm(`${warehouseFile}.wal`, { force: true });
  const config = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
  await writeFile(configFile, JSON.stringify({ ...config, warehouse: { path: path.basename(warehouseFile) } }, null, 2));
}

async function phase<T>(configFile: string, args: string[]): Promise<{ figure: T; peakRssMiB: number; peakHeapMiB: number }> {
  const run = await runMeasured(RUN_SIZE, ['--config', configFile, ...args], { passStderr: true });
  return { figure: childFigure<T>(run, 'reverse-figure'), peakRssMiB: run.peakRssMiB, peakHeapMiB: run.peakHeapMiB };
}

async function reverseCase(configFile: string, name: ReverseCaseName, expected: Record<string, number>, companies: number): Promise<ReverseCase> {
  console.log(`\nReverse, ${name} (dataset of ${companies} companies) …`);
  const runId = `bench-reverse-${name.replace(/\W+/g, '-')}-${Date.now()}`;
  const run = await phase<ReverseRunFigure>(configFile, ['--phase', 'run', '--run-id', runId]);
  const sent = run.figure.objects.some((o) => o.sent > 0);
  const baseline = sent ? (await phase<BaselineFigure[]>(configFile, ['--phase', 'baseline', '--run-id', runId])).figure : [];
  return { name, expected, run: run.figure, baseline, peakRssMiB: run.peakRssMiB, peakHeapMiB: run.peakHeapMiB };
}

function caseProblems(c: ReverseCase): string[] {
  const planned = c.run.objects.filter((o) => o.changed !== (c.expected[o.system] ?? 0) && o.object !== 'Opportunity' && o.object !== 'deals')
    .map((o) => `${c.name}: the stage planned ${o.changed} ${o.system} ${o.object} records, the bench changed ${c.expected[o.system] ?? 0}`);
  const deals = c.run.objects.filter((o) => (o.object === 'Opportunity' || o.object === 'deals') && o.changed > 0)
    .map((o) => `${c.name}: the stage planned ${o.changed} ${o.system} ${o.object} records, but mart.deal_billing is empty`);
  return [...callMismatches(c.name, c.run.objects), ...planned, ...deals];
}

const rate = (records: number, seconds: number): string => (seconds > 0 && records > 0 ? (records / seconds).toFixed(0) : '—');

export function printReverse(result: ReverseBenchResult): void {
  console.log(`\n  ${'run'.padEnd(16)} ${'object'.padEnd(20)} ${'changed'.padStart(8)} ${'route'.padEnd(13)} ${'write calls'.padStart(11)} ${'minimum'.padStart(8)} ${'job calls'.padStart(9)} ${'dead-lettered'.padStart(13)} ${'seconds'.padStart(8)} ${'rec/s'.padStart(7)} ${'floor rec/s'.padStart(11)} ${'share'.padStart(7)}`);
  for (const c of result.cases) {
    for (const o of c.run.objects.filter((x) => x.object === 'Account' || x.object === 'companies')) {
      const floor = c.baseline.find((b) => b.system === o.system && b.object === o.object);
      const floorRate = floor ? floor.records / floor.seconds : 0;
      const share = floor && o.seconds > 0 ? `${((100 * (o.changed / o.seconds)) / floorRate).toFixed(0)}%` : '—';
      console.log(`  ${c.name.padEnd(16)} ${`${o.system}/${o.object}`.padEnd(20)} ${String(o.changed).padStart(8)} ${o.route.padEnd(13)} ${String(o.writeCalls).padStart(11)} ${String(o.minimum).padStart(8)} ${String(o.jobCalls).padStart(9)} ${String(o.deadLetter).padStart(13)} ${o.seconds.toFixed(1).padStart(8)} ${rate(o.changed, o.seconds).padStart(7)} ${(floor ? floorRate.toFixed(0) : '—').padStart(11)} ${share.padStart(7)}`);
    }
  }
  for (const c of result.cases) {
    const changed = c.run.objects.reduce((n, o) => n + o.changed, 0);
    const floorSeconds = c.baseline.reduce((n, b) => n + b.seconds, 0);
    const floorRecords = c.baseline.reduce((n, b) => n + b.records, 0);
    const overall = changed > 0 ? `${rate(changed, c.run.seconds)} rec/s overall (setup and planning included), floor ${rate(floorRecords, floorSeconds)} rec/s` : 'nothing to write';
    console.log(`  ${c.name}: stage ${c.run.seconds.toFixed(1)} s, ${overall}; peak RSS ${c.peakRssMiB.toFixed(0)} MiB, peak heap ${c.peakHeapMiB.toFixed(0)} MiB`);
  }
  const jobs = result.cases.flatMap((c) => c.run.objects.filter((o) => o.route === 'bulk jobs'));
  for (const o of jobs) console.log(`  Bulk API 2.0: ${o.writeCalls} jobs, ${((o.writeCalls + o.jobCalls) / Math.max(1, o.writeCalls)).toFixed(1)} requests per job (open, upload, close, status checks, two result sets)`);
  console.log('  floor: the records each run wrote (its meta.sent_state rows), sent again with plain fetch in calls of the same kind and size, one at a time; no planning, logging or outcome records');
  console.log(result.problems.length === 0 ? '  write calls equal the minimum for every object and run' : result.problems.map((p) => `  NOT MET: ${p}`).join('\n'));
}
