import { rm } from 'node:fs/promises';
import path from 'node:path';
import { childFigure, runMeasured } from './child-process.ts';
import { REPORT_SCENARIOS, type ReportScenario } from './report-bench-tables.ts';
import type { FillFigure, ReportRunFigure } from './report-size-run.ts';

export interface ReportBenchFigure extends ReportRunFigure {
  deals: number;
  scenario: ReportScenario;
  findings: number;
  detailRows: number;
  fillSeconds: number;
  /** Peak memory of the process that wrote the three formats (it only opened the filled warehouse). */
  peakRssMiB: number;
  peakHeapMiB: number;
}

const RUN_SIZE = path.resolve(import.meta.dirname, 'report-size-run.ts');

/**
 * The month-end leakage report at each size and scenario: a fresh warehouse whose marts are
 * filled in SQL by one process, then the report written in xlsx, html and csv by another, so
 * its peak memory is the report's alone.
 */
export async function benchReport(workDir: string, sizes: readonly number[]): Promise<ReportBenchFigure[]> {
  const figures: ReportBenchFigure[] = [];
  for (const deals of sizes) {
    for (const scenario of REPORT_SCENARIOS) {
      const warehouse = path.join(workDir, `report-${deals}-${scenario}.duckdb`);
      console.log(`\nReport over ${deals} deals (${scenario === 'realistic' ? '30% findings over 12 months' : 'every deal a finding, half in the report month'}) …`);
      const fill = await runPhase<FillFigure>(['--phase', 'fill', '--warehouse', warehouse, '--deals', String(deals), '--scenario', scenario]);
      const out = path.join(workDir, `report-${deals}-${scenario}`);
      const run = await runPhase<ReportRunFigure>(['--phase', 'report', '--warehouse', warehouse, '--out', out]);
      figures.push({
        deals, scenario, findings: fill.figure.rows['mart.leakage'] ?? 0, detailRows: fill.figure.rows.detailRows ?? 0,
        fillSeconds: fill.figure.seconds, ...run.figure, peakRssMiB: run.peakRssMiB, peakHeapMiB: run.peakHeapMiB,
      });
      printFigure(figures.at(-1)!);
      await rm(warehouse, { force: true });
      await rm(`${warehouse}.wal`, { force: true });
    }
  }
  return figures;
}

async function runPhase<T>(args: string[]): Promise<{ figure: T; peakRssMiB: number; peakHeapMiB: number }> {
  const run = await runMeasured(RUN_SIZE, args);
  return { figure: childFigure<T>(run, 'report-figure'), peakRssMiB: run.peakRssMiB, peakHeapMiB: run.peakHeapMiB };
}

function printFigure(f: ReportBenchFigure): void {
  console.log(`  marts filled in ${f.fillSeconds.toFixed(1)} s: ${f.findings} findings, ${f.detailRows} detail rows in the report month`);
  console.log(`  ${'format'.padEnd(6)} ${'seconds'.padStart(8)} ${'MiB'.padStart(8)} ${'peak heap MiB'.padStart(14)} ${'peak RSS so far MiB'.padStart(20)}`);
  for (const format of f.formats) {
    console.log(`  ${format.format.padEnd(6)} ${format.seconds.toFixed(1).padStart(8)} ${(format.bytes / 1024 / 1024).toFixed(1).padStart(8)} ${format.peakHeapMiB.toFixed(0).padStart(14)} ${format.peakRssSoFarMiB.toFixed(0).padStart(20)}`);
  }
}

export function printReport(figures: readonly ReportBenchFigure[]): void {
  console.log(`\n  ${'deals'.padStart(9)} ${'scenario'.padEnd(10)} ${'detail rows'.padStart(11)} ${'xlsx s'.padStart(7)} ${'html s'.padStart(7)} ${'csv s'.padStart(7)} ${'total s'.padStart(8)} ${'xlsx MiB'.padStart(9)} ${'csv MiB'.padStart(8)} ${'peak RSS MiB'.padStart(13)} ${'peak heap MiB'.padStart(14)}`);
  for (const f of figures) {
    const format = (name: string) => f.formats.find((x) => x.format === name);
    const seconds = (name: string): string => (format(name)?.seconds.toFixed(1) ?? '—').padStart(7);
    const mib = (name: string, width: number): string => (format(name) ? (format(name)!.bytes / 1024 / 1024).toFixed(1) : '—').padStart(width);
    console.log(`  ${String(f.deals).padStart(9)} ${f.scenario.padEnd(10)} ${String(f.detailRows).padStart(11)} ${seconds('xlsx')} ${seconds('html')} ${seconds('csv')} ${f.seconds.toFixed(1).padStart(8)} ${mib('xlsx', 9)} ${mib('csv', 8)} ${f.peakRssMiB.toFixed(0).padStart(13)} ${f.peakHeapMiB.toFixed(0).padStart(14)}`);
  }
  for (const scenario of REPORT_SCENARIOS) {
    const runs = figures.filter((f) => f.scenario === scenario);
    const [a, b] = [runs[0], runs.at(-1)];
    if (!a || !b || a === b) continue;
    const ratio = (key: 'peakRssMiB' | 'peakHeapMiB'): string => (b[key] / a[key]).toFixed(2);
    console.log(`  ${scenario}: peak RSS ${a.peakRssMiB.toFixed(0)} → ${b.peakRssMiB.toFixed(0)} MiB (${ratio('peakRssMiB')}x), peak heap ${a.peakHeapMiB.toFixed(0)} → ${b.peakHeapMiB.toFixed(0)} MiB (${ratio('peakHeapMiB')}x) for ${(b.detailRows / Math.max(1, a.detailRows)).toFixed(1)}x the detail rows (${a.deals} → ${b.deals} deals)`);
  }
}
