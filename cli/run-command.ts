import path from 'node:path';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { REPORT_FORMATS, writeLeakageReport } from '../reports/write-leakage-report.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { extractExitCode, extractStage } from './extract-command.ts';
import { buildStage } from './build-command.ts';
import { reverseStage } from './reverse-command.ts';
import type { TestResult } from '../models/runner/build-models.ts';
import { newRunId, parseAsOf, withWarehouseSession, type WarehouseSession } from './warehouse-session.ts';

/** The stages of a nightly run, in order. */
const STAGES = ['extract', 'build', 'report', 'reverse', 'publish'] as const;
type Stage = (typeof STAGES)[number];

/** Stages this release carries; the others are refused with a clear message rather than skipped silently. */
const AVAILABLE: readonly Stage[] = ['extract', 'build', 'report', 'reverse'];

interface RunOptions {
  config: string;
  asOf?: string;
  stages?: string;
  fullRefresh?: string | true;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('One nightly run: the given stages in order, recorded in meta.runs.')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--as-of <time>', 'the run\'s as-of time (default now)')
    .option('--stages <list>', `comma-separated stages (${STAGES.join(', ')}); default: every available one`)
    .option('--full-refresh [streams]', 'extract from the beginning: all streams, or a comma-separated list')
    .action(async (opts: RunOptions) => {
      process.exitCode = await runCommand(opts);
    });
}

export function parseStages(text: string | undefined): Stage[] {
  if (text === undefined) return [...AVAILABLE];
  const names = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !(STAGES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) throw new Error(`--stages: ${unknown.join(', ') || '(empty)'} is not a stage; the stages are ${STAGES.join(', ')}.`);
  const missing = names.filter((n) => !(AVAILABLE as readonly string[]).includes(n));
  if (missing.length > 0) throw new Error(`--stages: ${missing.join(', ')} is not part of this release yet; available: ${AVAILABLE.join(', ')}.`);
  return STAGES.filter((s) => names.includes(s));
}

async function runCommand(opts: RunOptions): Promise<number> {
  const stages = parseStages(opts.stages);
  // Without --as-of the run is "as of now", and now moves on while it extracts: the stages after
  // extract must see what this run landed, so the as-of becomes the time extraction finished.
  let asOf = parseAsOf(opts.asOf);
  const followsTheClock = opts.asOf === undefined;
  const runId = newRunId('run', asOf);
  return withWarehouseSession(opts.config, async (session) => {
    await startRun(session.warehouse, runId, asOf);
    const outcome: Record<string, unknown> = {};
    const warnings: string[] = [];
    let exitCode = 0;
    let tests: readonly TestResult[] | undefined;
    try {
      for (const stage of stages) {
        const started = Date.now();
        const seconds = (): number => (Date.now() - started) / 1000;
        if (stage === 'extract') {
          const summary = await extractStage(session, { runId, fullRefresh: opts.fullRefresh });
          outcome[stage] = { status: summary.status, seconds: seconds(), streams: summary.streams };
          warnings.push(...summary.streams.filter((s) => s.status !== 'ok' && s.message).map((s) => s.message!));
          exitCode = worstExitCode(exitCode, extractExitCode(summary));
          if (followsTheClock) asOf = new Date();
        } else if (stage === 'build') {
          const result = await buildStage(session, asOf);
          tests = result.tests;
          const modelsBuilt = result.models.every((m) => m.status === 'built');
          outcome[stage] = { status: result.ok ? 'ok' : 'failed', seconds: seconds(), failedTests: result.tests.filter((t) => t.status !== 'passed').length };
          exitCode = worstExitCode(exitCode, result.ok ? 0 : 1);
          // A failing data test stops the write-back, not the reports; a model that did not build stops the run.
          if (!modelsBuilt) break;
          continue;
        } else if (stage === 'report') {
          const files = await reportStage(session, opts.config, asOf);
          outcome[stage] = { status: 'ok', seconds: seconds(), files };
        } else {
          const result = await reverseStage(session, { runId, tests });
          if (result.message) {
            console.log(result.message);
            warnings.push(result.message);
          }
          outcome[stage] = { status: ['ok', 'failed', 'warning'][result.exitCode], seconds: seconds(), scopes: result.summary?.scopes ?? [] };
          exitCode = worstExitCode(exitCode, result.exitCode);
        }
        if ((exitCode === 1 && stage === 'extract') || session.signal.aborted) break;
      }
    } catch (error) {
      exitCode = 1;
      warnings.push(error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      const status = exitCode === 0 ? 'ok' : exitCode === 2 ? 'warning' : 'failed';
      await finishRun(session.warehouse, runId, { status, asOf, stages: outcome, warnings });
    }
    return exitCode;
  });
}

/** The month-to-date leakage report, written to `<reports.outDir>/<YYYY-MM>/` beside the config. */
export async function reportStage(session: WarehouseSession, configFile: string, asOf: Date): Promise<string[]> {
  const month = asOf.toISOString().slice(0, 7);
  const outDir = path.resolve(path.dirname(configFile), session.loaded.config.reports.outDir, month);
  const files = await writeLeakageReport(session.warehouse, { month, asOf, formats: REPORT_FORMATS, outDir, rules: session.loaded.config.leakage });
  console.log(`Leakage report ${month} to date (as of ${asOf.toISOString()}):`);
  for (const file of files) console.log(`  ${file}`);
  return files;
}

async function startRun(warehouse: Warehouse, runId: string, asOf: Date): Promise<void> {
  await warehouse.db.insertInto('meta.runs').values({ run_id: runId, as_of: asOf, status: 'running' }).execute();
}

async function finishRun(
  warehouse: Warehouse,
  runId: string,
  outcome: { status: string; asOf: Date; stages: Record<string, unknown>; warnings: string[] },
): Promise<void> {
  const { status, asOf, stages, warnings } = outcome;
  await warehouse.db
    .updateTable('meta.runs')
    .set({ status, as_of: asOf, finished_at: new Date(), stages: sql`${JSON.stringify(stages)}::JSON`, warnings: sql`${JSON.stringify(warnings)}::JSON` })
    .where('run_id', '=', runId)
    .execute();
}

/** Exit codes: 0 ok, 2 finished with warnings, 1 failed; failure outranks warnings. */
function worstExitCode(a: number, b: number): number {
  if (a === 1 || b === 1) return 1;
  return Math.max(a, b);
}
