// One size of the report benchmark, run by report-bench.ts in its own processes: `--phase fill`
// creates a fresh warehouse and fills the marts in SQL; `--phase report` opens it in a new process
// (so its peak memory is the report's alone) and writes the month-end report one format at a time.
// Each phase prints one `report-figure=` JSON line on stdout.
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { reportFile, writeLeakageReport, REPORT_FORMATS, type ReportFormat } from '../reports/write-leakage-report.ts';
import { migrateWarehouse } from '../warehouse/migrate.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { BENCH_AS_OF, BENCH_MONTH, REPORT_SCENARIOS, fillReportTables, type ReportScenario } from './report-bench-tables.ts';

export interface FillFigure {
  seconds: number;
  rows: Record<string, number>;
}

export interface FormatFigure {
  format: ReportFormat;
  /** Wall time of writeLeakageReport for this format alone (the summary queries included). */
  seconds: number;
  bytes: number;
  /** Peak JS heap sampled while this format was written. */
  peakHeapMiB: number;
  /** Peak RSS of the process so far, after this format (a high-water mark). */
  peakRssSoFarMiB: number;
}

export interface ReportRunFigure {
  formats: FormatFigure[];
  seconds: number;
}

const MIB = 1024 * 1024;

export async function fillWarehouse(warehouseFile: string, deals: number, scenario: ReportScenario): Promise<FillFigure> {
  await rm(warehouseFile, { force: true });
  await rm(`${warehouseFile}.wal`, { force: true });
  const started = performance.now();
  const warehouse = await openWarehouse(warehouseFile);
  try {
    await migrateWarehouse(warehouse.db);
    const rows = await warehouse.withConnection((connection) => fillReportTables(connection, deals, scenario));
    return { seconds: (performance.now() - started) / 1000, rows };
  } finally {
    await warehouse.close();
  }
}

export async function writeReports(warehouseFile: string, outDir: string): Promise<ReportRunFigure> {
  await rm(outDir, { recursive: true, force: true });
  const warehouse = await openWarehouse(warehouseFile, { readOnly: true });
  const started = performance.now();
  try {
    const formats: FormatFigure[] = [];
    for (const format of REPORT_FORMATS) {
      const heap = sampleHeap();
      const begun = performance.now();
      await writeLeakageReport(warehouse, { month: BENCH_MONTH, asOf: BENCH_AS_OF, formats: [format], outDir });
      const seconds = (performance.now() - begun) / 1000;
      const { size } = await stat(reportFile(outDir, BENCH_MONTH, format));
      formats.push({ format, seconds, bytes: size, peakHeapMiB: heap.stop() / MIB, peakRssSoFarMiB: (process.resourceUsage().maxRSS * 1024) / MIB });
    }
    return { formats, seconds: (performance.now() - started) / 1000 };
  } finally {
    await warehouse.close();
  }
}

/** Samples heapUsed every 20 ms until stopped; returns the peak in bytes. */
function sampleHeap(): { stop: () => number } {
  let peak = process.memoryUsage().heapUsed;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 20);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    phase: { type: 'string' }, warehouse: { type: 'string' }, deals: { type: 'string' }, scenario: { type: 'string' }, out: { type: 'string' },
  } });
  const warehouse = values.warehouse === undefined ? undefined : path.resolve(values.warehouse);
  let figure: unknown;
  if (values.phase === 'fill' && warehouse && values.deals && REPORT_SCENARIOS.includes(values.scenario as ReportScenario)) {
    figure = await fillWarehouse(warehouse, Number(values.deals), values.scenario as ReportScenario);
  } else if (values.phase === 'report' && warehouse && values.out) {
    figure = await writeReports(warehouse, path.resolve(values.out));
  } else {
    throw new Error('usage: report-size-run.ts --phase fill --warehouse FILE --deals N --scenario realistic|every-deal\n'
      + '       report-size-run.ts --phase report --warehouse FILE --out DIR');
  }
  process.stdout.write(`report-figure=${JSON.stringify(figure)}\n`);
}

if (process.argv[1] === import.meta.filename) await main();
