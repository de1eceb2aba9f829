import path from 'node:path';
import { datasetComplete } from './bench-dataset.ts';
import { childFigure, runCli, runMeasured } from './child-process.ts';
import type { MatchingRunFigure } from './matching-size-run.ts';

export interface MatchingFigure extends MatchingRunFigure {
  companies: number;
  /** Seconds to generate the dataset, or null when a complete one was reused. */
  generateSeconds: number | null;
  /** Wall time of the measuring process (load, build, evaluation). */
  seconds: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

const SEED = 1;
const AS_OF = '2026-11-01';
const RUN_SIZE = path.resolve(import.meta.dirname, 'matching-size-run.ts');

/**
 * Customer matching at each size: a generated dataset (the one the other benches use, reused when
 * complete) loaded straight into a fresh warehouse (no API extraction), the models up to
 * mart.customer_xref built, candidate pairs counted against the naive cross product, and the
 * clusters scored against truth.json beside the exact-name baseline. Each size runs in its own
 * process, so its peak memory is its own.
 */
export async function benchMatching(workDir: string, sizes: readonly number[]): Promise<MatchingFigure[]> {
  const figures: MatchingFigure[] = [];
  for (const companies of sizes) {
    const data = path.join(workDir, `companies-${companies}`);
    let generateSeconds: number | null = null;
    if (await datasetComplete(data, companies)) console.log(`\nMatching ${companies} companies (reusing ${data}) …`);
    else {
      console.log(`\nMatching ${companies} companies: generating the dataset into ${data} …`);
      const run = await runCli(['sandbox', 'generate', '--out', data, '--companies', String(companies), '--seed', String(SEED), '--as-of', AS_OF]);
      generateSeconds = run.ms / 1000;
    }
    const run = await runSizeProcess(data, path.join(workDir, `matching-${companies}.duckdb`));
    figures.push({ companies, generateSeconds, ...run });
  }
  return figures;
}

async function runSizeProcess(dataDir: string, warehouseFile: string): Promise<Omit<MatchingFigure, 'companies' | 'generateSeconds'>> {
  const run = await runMeasured(RUN_SIZE, ['--data', dataDir, '--warehouse', warehouseFile], { passStderr: true });
  return { ...childFigure<MatchingRunFigure>(run, 'matching-figure'), seconds: run.ms / 1000, peakRssMiB: run.peakRssMiB, peakHeapMiB: run.peakHeapMiB };
}

const TARGET_COMPANIES = 1_000_000;
const TARGET_SECONDS = 60;

export function printMatching(figures: readonly MatchingFigure[]): void {
  console.log(`\n  ${'companies'.padStart(9)} ${'SF / HS / NS records'.padStart(26)} ${'load s'.padStart(7)} ${'stg s'.padStart(7)} ${'match s'.padStart(8)} ${'candidate pairs'.padStart(16)} ${'naive pairs'.padStart(18)} ${'share'.padStart(9)} ${'peak RSS MiB'.padStart(13)}`);
  for (const f of figures) {
    const records = `${f.records.salesforce} / ${f.records.hubspot} / ${f.records.netsuite}`;
    const candidates = f.candidatePairs === null ? '—' : f.candidatePairs.toLocaleString('en-US');
    const share = f.candidatePairs === null ? '—' : `${((100 * f.candidatePairs) / f.naivePairs).toPrecision(2)}%`;
    console.log(`  ${String(f.companies).padStart(9)} ${records.padStart(26)} ${f.loadSeconds.toFixed(1).padStart(7)} ${f.stagingSeconds.toFixed(1).padStart(7)} ${f.matchingSeconds.toFixed(1).padStart(8)} ${candidates.padStart(16)} ${f.naivePairs.toLocaleString('en-US').padStart(18)} ${share.padStart(9)} ${f.peakRssMiB.toFixed(0).padStart(13)}`);
  }
  for (const f of figures) printSize(f);
  const big = figures.filter((f) => f.companies >= TARGET_COMPANIES);
  for (const f of big) {
    const verdict = f.matchingSeconds <= TARGET_SECONDS ? 'met' : 'missed';
    console.log(`\n  ${f.companies} companies matched in ${f.matchingSeconds.toFixed(1)} s (target ≤ ${TARGET_SECONDS} s: ${verdict})`);
  }
}

function printSize(f: MatchingFigure): void {
  console.log(`\n  ${f.companies} companies (${f.generateSeconds === null ? 'dataset reused' : `dataset generated in ${f.generateSeconds.toFixed(0)} s`}; built ${f.selector}; evaluation ${f.evaluationSeconds.toFixed(1)} s)`);
  if (f.blockingRules) {
    for (const r of f.blockingRules) console.log(`    rule ${r.rule.padEnd(28)} ${r.pairs.toLocaleString('en-US').padStart(14)} pairs`);
  }
  if (f.largestCluster !== null) console.log(`    largest cluster: ${f.largestCluster} records`);
  for (const m of f.models.filter((m) => m.status !== 'built')) console.log(`    ${m.name} ${m.status}: ${m.message ?? ''}`);
  for (const t of f.failedTests.slice(0, 10)) console.log(`    data test not passed: ${t}`);
  for (const note of f.notes) console.log(`    note: ${note}`);
  console.log(f.evaluationTable.split('\n').map((line) => `    ${line}`).join('\n'));
}
