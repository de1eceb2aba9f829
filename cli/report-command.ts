import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseReportMonth, reportAsOf } from '../reports/report-month.ts';
import { REPORT_FORMATS, writeLeakageReport, type ReportFormat } from '../reports/write-leakage-report.ts';
import { buildStage } from './build-command.ts';
import { parseAsOf, withWarehouseSession } from './warehouse-session.ts';

interface LeakageReportOptions {
  month: string;
  format: ReportFormat[];
  out?: string;
  config: string;
  asOf?: string;
}

/** The marts the report reads, with everything upstream of them. */
export const REPORT_MODELS = '+mart.leakage,+mart.ar_aging,+mart.account_health,+mart.customer_master';

/** `closeloop report leakage`: the month-end leakage report files for finance. */
export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('Write report files for finance from the warehouse marts.');
  report
    .command('leakage')
    .description('Month-end closed-won vs invoiced leakage: workbook (xlsx), self-contained HTML page, CSV detail. Reads the marts as they are; run `closeloop build` first.')
    .requiredOption('--month <YYYY-MM>', 'the month of the report (deals closed, orphan invoices dated, in it)')
    .option('--format <list>', `comma-separated formats out of ${REPORT_FORMATS.join(', ')}`, formatList, [...REPORT_FORMATS])
    .option('--out <dir>', 'folder for the files (default: reports-out/<YYYY-MM>)')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--as-of <time>', 'rebuild the marts from the snapshots as of this time first, and report as of it: reproduces a report made then (default: report the marts as they are, as of month end, or now while the month is not over)')
    .action(async (opts: LeakageReportOptions) => {
      process.exitCode = await leakageReportCommand(opts);
    });
}

async function leakageReportCommand(opts: LeakageReportOptions): Promise<number> {
  const month = parseReportMonth(opts.month);
  const asOf = reportAsOf(month, opts.asOf === undefined ? undefined : parseAsOf(opts.asOf));
  const outDir = path.resolve(opts.out ?? path.join('reports-out', month));
  return withWarehouseSession(opts.config, async (session) => {
    if (opts.asOf !== undefined) {
      console.log(`Rebuilding the marts the report reads as of ${asOf.toISOString()} (master ids are not recorded) …`);
      if (!(await buildStage(session, asOf, { selector: REPORT_MODELS, skipAfterBuild: true })).ok) {
        console.error('The marts did not build or their data tests failed (see above); no report was written.');
        return 1;
      }
    }
    const files = await writeLeakageReport(session.warehouse, { month, asOf, formats: opts.format, outDir, rules: session.loaded.config.leakage });
    console.log(`Leakage report ${month} (as of ${asOf.toISOString()}):`);
    for (const file of files) console.log(`  ${file}`);
    if (opts.asOf !== undefined) console.log(`Reproduce it from the same snapshots with: closeloop report leakage --month ${month} --as-of ${asOf.toISOString()}`);
    return 0;
  });
}

/** Commander parser for `--format xlsx,html,csv`. */
function formatList(value: string): ReportFormat[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase()).filter((f) => f !== '');
  const unknown = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (formats.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`${unknown.join(', ') || '(empty)'}: not a report format; choose from ${REPORT_FORMATS.join(', ')}`);
  }
  return [...new Set(formats)] as ReportFormat[];
}
