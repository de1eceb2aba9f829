import type { DuckDBConnection } from '@duckdb/node-api';
import pLimit, { type LimitFunction } from 'p-limit';
import { QuotaStop } from '../systems/api/api-types.ts';
import { AsyncMutex } from '../warehouse/async-mutex.ts';
import type { ApiCallRow } from '../systems/api/api-caller.ts';
import { isRetriableRecordError, type Batching, type CrmWriter, type RecordResult, type RecordUpdate } from './crm-writer.ts';
import { wireValue } from './field-values.ts';
import { recoverInFlight } from './in-flight-recovery.ts';
import { commitCalls, commitOutcomes, prepareOutcomeStore, queueInFlight, type OutcomeScope, type RecordOutcome } from './outcome-store.ts';
import type { PlanScope } from './plan-sql.ts';
import { salesforceSetupAdvice } from './salesforce-field-setup.ts';
import { SYNC_TARGETS } from './sync-fields.ts';
import { buildPlan, planRecords, planScopes, type RecordChange, type ScopePlan } from './sync-plan.ts';

export interface ReverseOptions {
  readonly runId: string;
  readonly writers: readonly CrmWriter[];
  /** Every API call the writers made since the last take (written with the outcomes they led to). */
  readonly takeCalls: () => ApiCallRow[];
  readonly dryRun?: boolean;
  /** Mart columns whose NULL clears the CRM field (default none: NULLs are never sent). */
  readonly clearWhenNull?: readonly string[];
  /** Attempts per record in this run for retriable record failures (default 4). */
  readonly maxAttempts?: number;
  /** Wait before the first retry round, doubled each round (default 1 s). */
  readonly retryDelayMs?: number;
  /** Batches of one object in flight at once (default 4); their warehouse writes take turns. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

export interface ScopeOutcome {
  readonly system: string;
  readonly object: string;
  readonly planned: number;
  readonly fieldCounts: Readonly<Record<string, number>>;
  readonly drifted: number;
  readonly sent: number;
  readonly retry: number;
  readonly deadLetter: number;
  /** Write requests made (retries of a request included). */
  readonly writeCalls: number;
  /** Why the scope stopped early (quota stop, cancelled), if it did. */
  readonly stopped?: string;
}

export interface ReverseSummary {
  readonly dryRun: boolean;
  readonly setup: readonly string[];
  /** Records found already written after an interrupted run. */
  readonly confirmed: number;
  readonly scopes: readonly ScopeOutcome[];
  /** Up to 3 planned records per scope, for the dry run. */
  readonly samples: readonly { scope: PlanScope; records: RecordChange[] }[];
}

/** Thrown when the CRM lacks fields the write-back needs; nothing was written. */
export class MissingCrmFields extends Error {
  readonly missing: readonly string[];
  constructor(missing: readonly string[], advice: string) {
    super(`The CRM lacks fields closeloop writes, so nothing was written: ${missing.join(', ')}. ${advice}`);
    this.name = 'MissingCrmFields';
    this.missing = missing;
  }
}

/**
 * The reverse stage: set up the CRM fields, settle batches an earlier run left in flight, plan the
 * changes (3-way diff in SQL), then send them per CRM object in batches, recording every record's
 * outcome as it lands. Retriable record failures are retried in rounds with backoff and, if still
 * failing, left for the next run; permanent ones are dead-lettered.
 */
export async function runReverse(connection: DuckDBConnection, options: ReverseOptions): Promise<ReverseSummary> {
  const dryRun = options.dryRun ?? false;
  const log = options.log ?? (() => undefined);
  await prepareOutcomeStore(connection);
  const setup = await setUpFields(options.writers, dryRun);
  await commitCalls(connection, dryRun ? [] : options.takeCalls());
  const confirmed = dryRun ? 0 : await recoverInFlight(connection, options.runId, options.writers, options.takeCalls);
  if (confirmed > 0) log(`reverse: ${confirmed} records written by an interrupted run were confirmed in the CRM and are not sent again`);
  const scopes = await planScopes(connection, options.writers.map((w) => w.system));
  const plans = await buildPlan(connection, scopes, { clearWhenNull: new Set(options.clearWhenNull ?? []) });
  if (dryRun) return { dryRun, setup: setup.lines, confirmed, scopes: plans.map((p) => scopeOutcome(p, {})), samples: await samplesOf(connection, plans) };
  const outcomes: ScopeOutcome[] = [];
  const stoppedSystems = new Map<string, string>();
  for (const plan of plans) {
    const writer = options.writers.find((w) => w.system === plan.scope.system)!;
    const stop = stoppedSystems.get(writer.system);
    if (plan.records === 0 || stop) {
      outcomes.push(scopeOutcome(plan, stop ? { stopped: stop } : {}));
      continue;
    }
    const outcome = await sendScope(connection, writer, plan, options);
    if (outcome.stopped) stoppedSystems.set(writer.system, outcome.stopped);
    log(`reverse ${plan.scope.system} ${plan.scope.object}: ${outcome.sent} sent, ${outcome.retry} to retry, ${outcome.deadLetter} dead-lettered in ${outcome.writeCalls} write calls`);
    outcomes.push(outcome);
  }
  return { dryRun, setup: setup.lines, confirmed, scopes: outcomes, samples: [] };
}

async function setUpFields(writers: readonly CrmWriter[], dryRun: boolean): Promise<{ lines: string[] }> {
  const lines: string[] = [];
  const missing: string[] = [];
  for (const writer of writers) {
    const setup = await writer.setUpFields(SYNC_TARGETS, dryRun);
    lines.push(...setup.notes, ...setup.missing.map((m) => `${writer.system}: missing ${m}`));
    if (!dryRun && setup.missing.length > 0) missing.push(...setup.missing.map((m) => `${writer.system} ${m}`));
  }
  if (missing.length > 0) throw new MissingCrmFields(missing, salesforceSetupAdvice());
  return { lines };
}

interface Tally {
  sent: number;
  retry: number;
  deadLetter: number;
  writeCalls: number;
}

async function sendScope(connection: DuckDBConnection, writer: CrmWriter, plan: ScopePlan, options: ReverseOptions): Promise<ScopeOutcome> {
  const context: ScopeContext = {
    scope: { runId: options.runId, system: plan.scope.system, object: plan.scope.object },
    tally: { sent: 0, retry: 0, deadLetter: 0, writeCalls: 0 },
    takeCalls: options.takeCalls,
    inTurn: turns(),
    limit: pLimit(options.concurrency ?? 4),
  };
  let pending: RecordChange[] = [];
  try {
    const batching = writer.batching(plan.scope.object, plan.records);
    for await (const chunk of planRecords(connection, plan.scope, Math.max(batching.size * 4, 2000))) {
      options.signal?.throwIfAborted();
      pending.push(...await sendAll(connection, writer, chunk, batching, context, false));
    }
    const maxAttempts = options.maxAttempts ?? 4;
    for (let attempt = 2; attempt <= maxAttempts && pending.length > 0; attempt += 1) {
      await sleep((options.retryDelayMs ?? 1000) * 2 ** (attempt - 2), options.signal);
      const retrying = pending;
      pending = await sendAll(connection, writer, retrying, writer.batching(plan.scope.object, retrying.length), context, attempt === maxAttempts);
    }
    if (pending.length > 0) await settleAsRetry(connection, context, pending);
    return scopeOutcome(plan, context.tally);
  } catch (error) {
    if (!(error instanceof QuotaStop) && !options.signal?.aborted) throw error;
    await settleAsRetry(connection, context, pending);
    return scopeOutcome(plan, { ...context.tally, stopped: error instanceof QuotaStop ? error.message : 'cancelled' });
  }
}

interface ScopeContext {
  readonly scope: OutcomeScope;
  readonly tally: Tally;
  readonly takeCalls: () => ApiCallRow[];
  /** Runs warehouse work one batch at a time (batches share the stage's connection). */
  readonly inTurn: <T>(work: () => Promise<T>) => Promise<T>;
  readonly limit: LimitFunction;
}

/**
 * Sends `records` in batches, several in flight at once; returns the records refused for now. Every
 * batch settles (its outcome committed) before a quota stop or cancellation is passed on.
 */
async function sendAll(connection: DuckDBConnection, writer: CrmWriter, records: readonly RecordChange[], batching: Batching, context: ScopeContext, final: boolean): Promise<RecordChange[]> {
  const batches: RecordChange[][] = [];
  for (let i = 0; i < records.length; i += batching.size) batches.push(records.slice(i, i + batching.size));
  const settled = await Promise.allSettled(batches.map((batch) => context.limit(() => sendBatch(connection, writer, batch, { ...context, batching, final }))));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
}

function turns(): <T>(work: () => Promise<T>) => Promise<T> {
  const mutex = new AsyncMutex();
  return async (work) => {
    await mutex.lock();
    try {
      return await work();
    } finally {
      mutex.unlock();
    }
  };
}

/**
 * Sends one batch: queued in the write-ahead log, written, outcomes committed. Returns the records
 * that failed for now (retriable) unless `final`, when they are recorded as `retry` for the next run.
 */
async function sendBatch(
  connection: DuckDBConnection, writer: CrmWriter, batch: readonly RecordChange[], context: ScopeContext & { batching: Batching; final: boolean },
): Promise<RecordChange[]> {
  const { scope, tally, final, inTurn } = context;
  await inTurn(() => queueInFlight(connection, scope, batch));
  tally.writeCalls += 1;
  const results = await writeBatch(writer, scope.object, batch, context.batching);
  const outcomes: RecordOutcome[] = [];
  const pending: RecordChange[] = [];
  batch.forEach((change, i) => {
    const result = results[i]!;
    if (result.ok) outcomes.push({ change, status: 'sent', result });
    else if (!isRetriableRecordError(result.code)) outcomes.push({ change, status: 'dead_letter', result });
    else if (final) outcomes.push({ change, status: 'retry', result });
    else pending.push(change);
  });
  tally.sent += outcomes.filter((o) => o.status === 'sent').length;
  tally.deadLetter += outcomes.filter((o) => o.status === 'dead_letter').length;
  tally.retry += outcomes.filter((o) => o.status === 'retry').length;
  await inTurn(() => commitOutcomes(connection, scope, outcomes, batch.map((c) => c.recordId), context.takeCalls()));
  return pending;
}

/** A write whose request failed as a whole (after the caller's retries) fails each record retriably. */
async function writeBatch(writer: CrmWriter, object: string, batch: readonly RecordChange[], batching: Batching): Promise<RecordResult[]> {
  const updates: RecordUpdate[] = batch.map((change) => ({
    recordId: change.recordId,
    values: Object.fromEntries(change.fields.map((f) => [f.crmField, wireValue(f.desired, f.type, writer.system)])),
  }));
  try {
    return await writer.write(object, updates, batching);
  } catch (error) {
    if (error instanceof QuotaStop) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return batch.map((change) => ({ recordId: change.recordId, ok: false, code: 'TRANSIENT', message }));
  }
}

async function settleAsRetry(connection: DuckDBConnection, context: ScopeContext, pending: readonly RecordChange[]): Promise<void> {
  if (pending.length === 0) return;
  const outcomes = pending.map((change): RecordOutcome => ({ change, status: 'retry', result: { recordId: change.recordId, ok: false, code: 'TRANSIENT', message: 'not delivered in this run; sent again next run' } }));
  context.tally.retry += outcomes.length;
  await context.inTurn(() => commitOutcomes(connection, context.scope, outcomes, pending.map((c) => c.recordId), context.takeCalls()));
}

function scopeOutcome(plan: ScopePlan, tally: Partial<Tally> & { stopped?: string }): ScopeOutcome {
  return {
    system: plan.scope.system, object: plan.scope.object, planned: plan.records, fieldCounts: plan.fieldCounts, drifted: plan.drifted,
    sent: tally.sent ?? 0, retry: tally.retry ?? 0, deadLetter: tally.deadLetter ?? 0, writeCalls: tally.writeCalls ?? 0,
    ...(tally.stopped ? { stopped: tally.stopped } : {}),
  };
}

async function samplesOf(connection: DuckDBConnection, plans: readonly ScopePlan[]): Promise<{ scope: PlanScope; records: RecordChange[] }[]> {
  const samples: { scope: PlanScope; records: RecordChange[] }[] = [];
  for (const plan of plans.filter((p) => p.records > 0)) {
    for await (const records of planRecords(connection, plan.scope, 3)) {
      samples.push({ scope: plan.scope, records });
      break;
    }
  }
  return samples;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
