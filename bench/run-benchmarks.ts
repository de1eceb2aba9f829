import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchGenerator, benchServe, type GeneratorFigure, type ServeFigure } from './sandbox-bench.ts';
import { benchExtract, type ExtractBenchResult } from './extract-bench.ts';
import { benchNormalisation } from './normalisation-bench.ts';
import { benchMatching, printMatching } from './matching-bench.ts';
import { benchReport, printReport } from './report-bench.ts';
import { benchReverse, printReverse, type ReverseBenchResult } from './reverse-bench.ts';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '100000' },
    small: { type: 'string', default: '10000' },
    work: { type: 'string', default: 'data/out/bench' },
    'serve-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    sources: { type: 'string', default: 'salesforce,hubspot,netsuite' },
    'match-sizes': { type: 'string', default: '10000,100000' },
    'report-deals': { type: 'string', default: '100000,1000000' },
    'reverse-companies': { type: 'string', default: '10000' },
  },
});
const companies = Number(values.companies);
const small = Number(values.small);
const workDir = path.resolve(values.work);

const sections = new Set((values.only ?? 'sandbox,extract,normalisation,matching,reverse').split(','));
const results: Record<string, unknown> = { at: new Date().toISOString() };
await mkdir(workDir, { recursive: true });

if (sections.has('sandbox')) {
  if (!values['serve-only']) {
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    console.log(`Generator: ${small} and ${companies} companies …`);
    results.generator = await benchGenerator(workDir, [small, companies]);
    printGenerator(results.generator as GeneratorFigure[]);
  }
  console.log(`\nServing ${companies} companies through the official clients …`);
  results.serve = await benchServe(path.join(workDir, `companies-${companies}`), workDir);
  printServe(results.serve as ServeFigure[]);
}

if (sections.has('extract')) {
  const extract: ExtractBenchResult[] = [];
  for (const size of [small, companies]) {
    console.log(`\nExtracting ${size} companies into a warehouse …`);
    extract.push(await benchExtract(workDir, size, values.sources.split(',')));
    printExtract(extract.at(-1)!);
  }
  const [a, b] = extract;
  if (a && b) {
    for (const key of ['peakRssMiB', 'peakHeapMiB'] as const) {
      const peak = (r: ExtractBenchResult): number => Math.max(...r.perSource.map((f) => f[key]));
      const label = key === 'peakRssMiB' ? 'peak RSS (DuckDB buffers included)' : 'peak JS heap';
      console.log(`  ${label}: ${peak(a).toFixed(0)} MiB at ${small} companies, ${peak(b).toFixed(0)} MiB at ${companies} (${(peak(b) / peak(a)).toFixed(2)}x for ${companies / small}x the data)`);
    }
  }
  results.extract = extract;
}

if (sections.has('normalisation')) {
  console.log('\nNormalisation macros over 1,000,000 rows …');
  const figures = await benchNormalisation(1_000_000);
  for (const f of figures) console.log(`  ${f.check.padEnd(52)} ${f.seconds.toFixed(2).padStart(6)} s`);
  results.normalisation = figures;
}

if (sections.has('matching')) {
  const sizes = values['match-sizes'].split(',').map(Number);
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error(`--match-sizes takes company counts separated by commas, e.g. 10000,100000; got ${values['match-sizes']}`);
  const matching = await benchMatching(workDir, sizes);
  printMatching(matching);
  results.matching = matching;
}

if (sections.has('report')) {
  const sizes = values['report-deals'].split(',').map(Number);
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error(`--report-deals takes deal counts separated by commas, e.g. 100000,1000000; got ${values['report-deals']}`);
  const report = await benchReport(workDir, sizes);
  printReport(report);
  results.report = report;
}

let reverse: ReverseBenchResult | undefined;
if (sections.has('reverse')) {
  const companies = Number(values['reverse-companies']);
  if (!Number.isSafeInteger(companies) || companies < 1) throw new Error(`--reverse-companies takes a company count, e.g. 100000; got ${values['reverse-companies']}`);
  reverse = await benchReverse(workDir, companies);
  printReverse(reverse);
  results.reverse = reverse;
}

const resultsFile = path.join(workDir, 'results.json');
await writeFile(resultsFile, JSON.stringify(results, null, 2));
console.log(`\nResults: ${resultsFile}`);
if (reverse && reverse.problems.length > 0) {
  console.error(`\nThe reverse stage made more write calls than the minimum, or planned other records than the bench changed:\n${reverse.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exitCode = 1;
}

function printExtract(result: ExtractBenchResult): void {
  console.log(`  ${'source'.padEnd(11)} ${'records'.padStart(9)} ${'seconds'.padStart(8)} ${'rec/s'.padStart(8)} ${'share of floor'.padStart(15)} ${'peak RSS MiB'.padStart(13)} ${'peak heap MiB'.padStart(14)}`);
  for (const f of result.perSource) {
    const share = `${((100 * f.recordsPerSecond) / result.floorRecordsPerSecond).toFixed(1)}%`;
    console.log(`  ${f.source.padEnd(11)} ${String(f.records).padStart(9)} ${f.seconds.toFixed(1).padStart(8)} ${f.recordsPerSecond.toFixed(0).padStart(8)} ${share.padStart(15)} ${f.peakRssMiB.toFixed(0).padStart(13)} ${f.peakHeapMiB.toFixed(0).padStart(14)}`);
  }
  console.log(`  floor (JSON.parse + Appender, no client): ${result.floorRecordsPerSecond.toFixed(0)} rec/s`);
  const s = result.secondRun;
  console.log(`  second run, nothing changed: ${s.seconds.toFixed(1)} s (${(100 * s.shareOfFull).toFixed(1)}% of the full run), ${s.apiCalls} API calls for ${s.streams} streams`);
}

function printGenerator(figures: GeneratorFigure[]): void {
  console.log(`  ${'companies'.padStart(10)} ${'seconds'.padStart(8)} ${'peak RSS MiB'.padStart(13)}`);
  for (const f of figures) console.log(`  ${String(f.companies).padStart(10)} ${f.seconds.toFixed(1).padStart(8)} ${f.peakRssMiB.toFixed(0).padStart(13)}`);
  const [a, b] = figures;
  if (a && b) {
    console.log(`  memory ratio ${b.companies / a.companies}x companies: ${(b.peakRssMiB / a.peakRssMiB).toFixed(2)}x peak RSS`);
    const target = b.companies === 100_000 ? ` (target ≤ 60 s: ${b.seconds <= 60 ? 'met' : 'missed'})` : '';
    console.log(`  ${b.companies} companies in ${b.seconds.toFixed(1)} s${target}`);
  }
}

function printServe(figures: ServeFigure[]): void {
  console.log(`  ${'object'.padEnd(30)} ${'records'.padStart(9)} ${'pages'.padStart(6)} ${'rec/s'.padStart(9)} ${'× JSON cost'.padStart(12)}`);
  for (const f of figures) {
    const ratio = f.serialiseMs > 0 ? (f.ms / f.serialiseMs).toFixed(0) : '-';
    console.log(`  ${`${f.system}/${f.object}`.padEnd(30)} ${String(f.records).padStart(9)} ${String(f.pages).padStart(6)} ${f.recordsPerSecond.toFixed(0).padStart(9)} ${ratio.padStart(12)}`);
  }
  for (const system of ['salesforce', 'hubspot', 'netsuite'] as const) {
    const own = figures.filter((f) => f.system === system);
    const records = own.reduce((s, f) => s + f.records, 0);
    const ms = own.reduce((s, f) => s + f.ms, 0);
    const json = own.reduce((s, f) => s + f.serialiseMs, 0);
    console.log(`  ${system}: ${records} records at ${(records / (ms / 1000)).toFixed(0)} rec/s; paging costs ${(ms / json).toFixed(0)}× JSON-serialising the same records`);
  }
}
