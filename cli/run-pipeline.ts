import type { Stage, StageOutcome } from '../ops/run-outcome.ts';
import { redactError } from '../ops/secret-redaction.ts';
import type { TestResult } from '../models/runner/build-models.ts';
import type { SourceName } from '../systems/api/api-types.ts';
import { extractStage } from './extract-command.ts';
import { buildStage } from './build-command.ts';
import { reverseStage } from './reverse-command.ts';
import { reportStage } from './report-stage.ts';
import { publishStage } from './publish-stage.ts';
import { apiCallsSoFar, recordStages } from './run-record.ts';
import type { WarehouseSession } from './warehouse-session.ts';

export interface PipelineInput {
  readonly configFile: string;
  readonly runId: string;
  /** The run's as-of; without --as-of it becomes the time extraction finished. */
  readonly asOf: Date;
  readonly followsTheClock: boolean;
  readonly stages: readonly Stage[];
  readonly fullRefresh?: string | true;
  /** Stages an interrupted attempt of this run already finished: skipped. */
  readonly done: Partial<Record<Stage, StageOutcome>>;
}

export interface PipelineResult {
  readonly asOf: Date;
  readonly stages: Partial<Record<Stage, StageOutcome>>;
  readonly quotaStops: SourceName[];
  readonly failedTests: TestResult[];
  readonly error?: string;
}

/** What the stages tell each other: the as-of, and the build's data tests (they gate reverse and publish). */
interface RunState {
  asOf: Date;
  tests: readonly TestResult[] | undefined;
  quotaStops: SourceName[];
}

/**
 * The nightly run: the stages in order, each recorded in meta.runs as soon as it ends (with its
 * seconds, rows and API calls), so a run that dies resumes at the stage where it stopped (and,
 * within extract, at the page). A failing data test stops reverse and publish, not the report; a
 * model that does not build, or an extract that fails, stops the run.
 */
export async function runPipeline(session: WarehouseSession, input: PipelineInput): Promise<PipelineResult> {
  const stages: Partial<Record<Stage, StageOutcome>> = { ...input.done };
  const state: RunState = { asOf: input.asOf, tests: undefined, quotaStops: [] };
  let callsBefore = await apiCallsSoFar(session.warehouse, input.runId);
  for (const stage of input.stages) {
    if (stages[stage] && stages[stage].status !== 'failed') continue;
    if (session.signal.aborted) break;
    const started = performance.now();
    let outcome: Omit<StageOutcome, 'seconds' | 'apiCalls'>;
    try {
      outcome = await runStage(session, stage, input, state);
    } catch (error) {
      outcome = { status: 'failed', message: redactError(error) };
    }
    const callsAfter = await apiCallsSoFar(session.warehouse, input.runId);
    const apiCalls = Object.fromEntries(Object.entries(callsAfter).map(([k, v]) => [k, v - (callsBefore[k] ?? 0)]).filter(([, v]) => Number(v) > 0));
    callsBefore = callsAfter;
    // A stage a signal cut short is not done, however it ended: the resumed run does it again.
    if (session.signal.aborted && outcome.status !== 'failed') outcome = { ...outcome, status: 'interrupted' };
    stages[stage] = { ...outcome, seconds: round((performance.now() - started) / 1000), ...(Object.keys(apiCalls).length > 0 ? { apiCalls } : {}) };
    await recordStages(session.warehouse, input.runId, state.asOf, stages);
    if (stops(stage, stages[stage])) break;
  }
  const failedTests = (state.tests ?? []).filter((t) => t.status !== 'passed');
  return { asOf: state.asOf, stages, quotaStops: state.quotaStops, failedTests };
}

function stops(stage: Stage, outcome: StageOutcome): boolean {
  if (outcome.status !== 'failed') return false;
  // A build whose data tests failed still reports; its models are built.
  return !(stage === 'build' && (outcome.detail as { modelsBuilt?: boolean } | undefined)?.modelsBuilt);
}

async function runStage(session: WarehouseSession, stage: Stage, input: PipelineInput, state: RunState): Promise<Omit<StageOutcome, 'seconds' | 'apiCalls'>> {
  switch (stage) {
    case 'extract': return extract(session, input, state);
    case 'build': return build(session, state);
    case 'report': {
      const files = await reportStage(session, input.configFile, state.asOf);
      return { status: 'ok', rows: files.length, detail: { files } };
    }
    case 'reverse': return reverse(session, input, state);
    case 'publish': return publish(session, input, state);
  }
}

async function extract(session: WarehouseSession, input: PipelineInput, state: RunState): Promise<Omit<StageOutcome, 'seconds' | 'apiCalls'>> {
  const summary = await extractStage(session, { runId: input.runId, fullRefresh: input.fullRefresh });
  if (input.followsTheClock) state.asOf = new Date();
  state.quotaStops = [...new Set(summary.streams.filter((s) => s.status === 'quota_stopped').map((s) => s.source))];
  const problems = summary.streams.filter((s) => s.status !== 'ok' && s.message).map((s) => s.message!);
  return {
    status: summary.status, rows: summary.streams.reduce((n, s) => n + s.records, 0),
    ...(problems.length > 0 ? { message: problems.join('; ') } : {}), detail: { streams: summary.streams },
  };
}

async function build(session: WarehouseSession, state: RunState): Promise<Omit<StageOutcome, 'seconds' | 'apiCalls'>> {
  const result = await buildStage(session, state.asOf);
  state.tests = result.tests;
  const modelsBuilt = result.models.every((m) => m.status === 'built');
  const failedTests = result.tests.filter((t) => t.status !== 'passed');
  const message = !modelsBuilt
    ? `models not built: ${result.models.filter((m) => m.status !== 'built').map((m) => m.name).join(', ')}`
    : failedTests.length > 0 ? `${failedTests.length} data tests failed: ${failedTests.map((t) => `${t.model} ${t.name}`).join('; ')}` : undefined;
  return {
    status: result.ok ? 'ok' : 'failed', rows: result.models.reduce((n, m) => n + (m.rowCount ?? 0), 0),
    ...(message ? { message } : {}),
    detail: { modelsBuilt, models: result.models.length, tests: result.tests.length, failedTests: failedTests.map((t) => ({ model: t.model, name: t.name, failingRows: t.failingRows })) },
  };
}

async function reverse(session: WarehouseSession, input: PipelineInput, state: RunState): Promise<Omit<StageOutcome, 'seconds' | 'apiCalls'>> {
  const result = await reverseStage(session, { runId: input.runId, tests: state.tests });
  if (result.message) console.log(result.message);
  const scopes = result.summary?.scopes ?? [];
  const status = result.exitCode === 1 ? 'failed' : result.exitCode === 2 ? 'warning' : 'ok';
  const stopped = scopes.filter((s) => s.stopped).map((s) => `${s.system} ${s.object}: ${s.stopped}`);
  const dead = scopes.reduce((n, s) => n + s.deadLetter, 0);
  const retry = scopes.reduce((n, s) => n + s.retry, 0);
  const notes = [result.message, dead > 0 ? `${dead} records dead-lettered` : undefined, retry > 0 ? `${retry} records to retry next run` : undefined, ...stopped].filter(Boolean);
  return { status, rows: scopes.reduce((n, s) => n + s.sent, 0), ...(notes.length > 0 ? { message: notes.join('; ') } : {}), detail: { scopes } };
}

async function publish(session: WarehouseSession, input: PipelineInput, state: RunState): Promise<Omit<StageOutcome, 'seconds' | 'apiCalls'>> {
  const failing = (state.tests ?? []).filter((t) => t.status !== 'passed');
  if (failing.length > 0) return { status: 'skipped', message: `not published: ${failing.length} data tests failed; analysts keep the last good copy` };
  const published = await publishStage(session, input.configFile);
  return { status: 'ok', rows: published.tables, detail: published };
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
