import path from 'node:path';
import { REPORT_FORMATS, writeLeakageReport } from '../reports/write-leakage-report.ts';
import type { WarehouseSession } from './warehouse-session.ts';

/** The month-to-date leakage report, written to `<reports.outDir>/<YYYY-MM>/` beside the config. */
export async function reportStage(session: WarehouseSession, configFile: string, asOf: Date): Promise<string[]> {
  const month = asOf.toISOString().slice(0, 7);
  const outDir = path.resolve(path.dirname(configFile), session.loaded.config.reports.outDir, month);
  const files = await writeLeakageReport(session.warehouse, { month, asOf, formats: REPORT_FORMATS, outDir, rules: session.loaded.config.leakage });
  console.log(`Leakage report ${month} to date (as of ${asOf.toISOString()}):`);
  for (const file of files) console.log(`  ${file}`);
  return files;
}
