import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/pipeline-config.ts';
import { alertsFor, sendAlerts } from '../ops/alerts.ts';
import { createLogger } from '../ops/logger.ts';
import { STAGES, type RunOutcome, type Stage, type StageOutcome } from '../ops/run-outcome.ts';
import { acquireRunLock, RUN_IN_PROGRESS_EXIT_CODE, RunInProgress, type RunLock } from '../ops/run-lock.ts';
import { sourceFreshness } from '../ops/source-freshness.ts';
import { redactError, redactText } from '../ops/secret-redaction.ts';
import type { SourceName } from '../systems/api/api-types.ts';
import { readReviewQueue } from './xref-review-queue.ts';
import { runPipeline, type PipelineResult } from './run-pipeline.ts';
import { deadLettersOf, findUnfinishedRun, finishRun, resumeRun, startRun } from './run-record.ts';
import { formatRunSummary } from './run-summary.ts';
import { newRunId, parseAsOf, withWarehouseSession, type WarehouseSession } from './warehouse-session.ts';

/** Stages this release carries; the others are refused with a clear message rather than skipped silently. */
const AVAILABLE: readonly Stage[] = ['extract', 'build', 'report', 'reverse', 'publish'];

interface RunOptions {
  config: string;
  asOf?: string;
  stages?: string;
  fullRefresh?: string | true;
  resume: boolean;
}

/**
 * Exit codes: 0 succeeded, 2 finished with warnings (quota stop, dead letters, matches waiting for review),
 * 1 failed, 75 not started because another run holds the warehouse.
 */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('One nightly run: extract, build (with data tests), report, reverse, publish; recorded in meta.runs. A run that died is resumed where it stopped.')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--as-of <time>', 'the run\'s as-of time (default now)')
    .option('--stages <list>', `comma-separated stages (${STAGES.join(', ')}); default: every available one`)
    .option('--full-refresh [streams]', 'extract from the beginning: all streams, or a comma-separated list')
    .option('--no-resume', 'start a new run even if the last one died unfinished')
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
  const loaded = loadConfig(opts.config);
  let lock: RunLock;
  try {
    lock = await acquireRunLock(path.resolve(path.dirname(opts.config), loaded.config.warehouse.path), { command: 'closeloop run' });
  } catch (error) {
    if (!(error instanceof RunInProgress)) throw error;
    console.error(error.message);
    return RUN_IN_PROGRESS_EXIT_CODE;
  }
  try {
    return await withWarehouseSession(opts.config, async (session) => {
      const outcome = await nightlyRun(session, opts, stages);
      for (const line of formatRunSummary(outcome, session.warehousePath)) console.log(line);
      logOutcome(outcome);
      await alertAbout(session, outcome);
      return outcome.exitCode;
    });
  } finally {
    await lock.release();
  }
}

/** The run's end as one structured log line (stderr), for log pipelines; the summary above is for people. */
function logOutcome(outcome: RunOutcome): void {
  const stages = Object.fromEntries(Object.entries(outcome.stages).map(([name, s]) => [name, { status: s.status, seconds: s.seconds, rows: s.rows, apiCalls: s.apiCalls }]));
  const fields = { runId: outcome.runId, asOf: outcome.asOf.toISOString(), exitCode: outcome.exitCode, stages, warnings: outcome.warnings.length, deadLettersAdded: outcome.deadLettersAdded };
  const logger = createLogger().child({ command: 'run' });
  if (outcome.exitCode === 1) logger.error(fields, 'run failed');
  else if (outcome.exitCode === 2) logger.warn(fields, 'run finished with warnings');
  else logger.info(fields, 'run succeeded');
}

/** Posts the run's alerts to the configured webhook (if any); a failed post is reported, never fatal. */
async function alertAbout(session: WarehouseSession, outcome: RunOutcome): Promise<void> {
  const { alerts, sources } = session.loaded.config;
  if (!alerts.webhookUrlEnv) return;
  const configured = (Object.keys(sources) as SourceName[]).filter((s) => sources[s] !== undefined);
  const staleSources = (await sourceFreshness(session.warehouse.db, new Date(), alerts.staleAfterHours, configured)).filter((f) => f.stale);
  const messages = alertsFor(outcome, { staleSources, deadLetterGrowth: alerts.deadLetterGrowth });
  if (messages.length === 0) return;
  const sent = await sendAlerts(session.loaded.secret(alerts.webhookUrlEnv), messages, { heading: `closeloop ${outcome.runId}` });
  console.log(sent.delivered
    ? `Alerted the webhook (${alerts.webhookUrlEnv}): ${messages.map((m) => m.kind).join(', ')}`
    : `Could not alert the webhook (${alerts.webhookUrlEnv}) after ${sent.attempts} attempts: ${sent.error ?? `HTTP ${sent.status}`}`);
}

/** One run, new or resumed, from start to its recorded end. */
export async function nightlyRun(session: WarehouseSession, opts: Omit<RunOptions, 'config'> & { config: string }, stages: readonly Stage[]): Promise<RunOutcome> {
  const found = opts.resume ? await findUnfinishedRun(session.warehouse) : undefined;
  // An explicit --as-of resumes only a run of that same as-of (otherwise it is another run).
  const unfinished = found && (opts.asOf === undefined || found.asOf.getTime() === parseAsOf(opts.asOf).getTime()) ? found : undefined;
  const runId = unfinished?.runId ?? newRunId('run', parseAsOf(opts.asOf));
  const startedAt = unfinished?.startedAt ?? new Date();
  const asOf = unfinished?.asOf ?? parseAsOf(opts.asOf);
  const done = finishedStages(unfinished?.stages ?? {});
  if (unfinished) {
    console.log(`Resuming run ${runId}, which stopped unfinished; done already: ${Object.keys(done).join(', ') || 'nothing'}.`);
    await resumeRun(session.warehouse, runId);
  } else {
    await startRun(session.warehouse, runId, asOf);
  }

  let result: PipelineResult;
  try {
    // Without --as-of the run is "as of now", and now moves on while it extracts: the stages after
    // extract must see what this run landed, so the as-of becomes the time extraction finished.
    result = await runPipeline(session, {
      configFile: opts.config, runId, asOf, followsTheClock: opts.asOf === undefined && !done.extract, stages, fullRefresh: opts.fullRefresh, done,
    });
  } catch (error) {
    result = { asOf, stages: {}, quotaStops: [], failedTests: [], error: redactError(error) };
  }
  const warnings = await runWarnings(session, runId, result, unfinished !== undefined);
  const deadLettersAdded = await deadLettersOf(session.warehouse, runId);
  const interrupted = session.signal.aborted;
  if (interrupted) warnings.push('stopped by a signal after its current page; the next `closeloop run` resumes it');
  const exitCode = exitCodeOf(result, warnings);
  const status = interrupted ? 'interrupted' : exitCode === 0 ? 'ok' : exitCode === 2 ? 'warning' : 'failed';
  const finishedAt = await finishRun(session.warehouse, runId, { status, asOf: result.asOf, stages: result.stages, warnings });
  return {
    runId, asOf: result.asOf, startedAt, finishedAt, exitCode, stages: result.stages, warnings, quotaStops: result.quotaStops,
    failedTests: result.failedTests.map((t) => ({ model: t.model, name: t.name, failingRows: t.failingRows })), deadLettersAdded,
    ...(result.error ? { error: result.error } : {}),
  };
}

function finishedStages(stages: Partial<Record<Stage, StageOutcome>>): Partial<Record<Stage, StageOutcome>> {
  return Object.fromEntries(Object.entries(stages).filter(([, s]) => s.status === 'ok' || s.status === 'warning'));
}

/** What a person should know: stage warnings and failures, matches waiting for review, a resumed run. */
async function runWarnings(session: WarehouseSession, runId: string, result: PipelineResult, resumed: boolean): Promise<string[]> {
  const warnings: string[] = [];
  if (resumed) warnings.push(`run ${runId} was resumed after it stopped unfinished`);
  for (const [stage, outcome] of Object.entries(result.stages)) {
    if (outcome.status !== 'ok' && outcome.message) warnings.push(redactText(`${stage}: ${outcome.message}`));
  }
  if (result.stages.build) {
    const review = await readReviewQueue(session.warehouse.db, 1).then((q) => q.total, () => 0);
    if (review > 0) warnings.push(`${review} customer pairs wait for review: closeloop xref review --config ${session.loaded.file}`);
  }
  return warnings;
}

function exitCodeOf(result: PipelineResult, warnings: readonly string[]): 0 | 1 | 2 {
  const statuses = Object.values(result.stages).map((s) => s.status);
  if (result.error || statuses.includes('failed')) return 1;
  if (warnings.length > 0 || statuses.some((s) => s !== 'ok') || result.quotaStops.length > 0) return 2;
  return 0;
}
