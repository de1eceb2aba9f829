import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchGenerator, benchServe, type GeneratorFigure, type ServeFigure } from './sandbox-bench.ts';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '100000' },
    small: { type: 'string', default: '10000' },
    work: { type: 'string', default: 'data/out/bench' },
    'serve-only': { type: 'boolean', default: false },
  },
});
const companies = Number(values.companies);
const small = Number(values.small);
const workDir = path.resolve(values.work);

let generator: GeneratorFigure[] = [];
if (!values['serve-only']) {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  console.log(`Generator: ${small} and ${companies} companies …`);
  generator = await benchGenerator(workDir, [small, companies]);
  printGenerator(generator);
}

console.log(`\nServing ${companies} companies through the official clients …`);
const serve = await benchServe(path.join(workDir, `companies-${companies}`), workDir);
printServe(serve);

const resultsFile = path.join(workDir, 'results.json');
await writeFile(resultsFile, JSON.stringify({ at: new Date().toISOString(), generator, serve }, null, 2));
console.log(`\nResults: ${resultsFile}`);

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
