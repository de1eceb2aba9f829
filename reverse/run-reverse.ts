import type { DuckDBConnection } from '@duckdb/node-api';
import pLimit, { type LimitFunction } from 'p-limit';
import { QuotaStop } from '../systems/api/api-types.ts';
import { AsyncMutex } from '../warehouse/async-mutex.ts';
import type { ApiCallRow } from '../systems/api/api-caller.ts';
import { isRetriableRecordError, type Batching, type CrmWriter, type FieldSetup, type RecordResult, type RecordUpdate } from './crm-writer.ts';
import { isRetriable, readClientError } from '../systems/api/client-errors.ts';
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
  /** Batches sent. */
  readonly batches: number;
  /** API requests made to send them, retries, splits and bulk job steps included. */
  readonly requests: number;
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
  // A CRM that reaches its quota stop anywhere is left alone for the rest of the run; the others go on.
  const stoppedSystems = new Map<string, string>();
  const setup = await setUpFields(options.writers, dryRun, stoppedSystems);
  await commitCalls(connection, dryRun ? [] : options.takeCalls());
  const live = options.writers.filter((w) => !stoppedSystems.has(w.system));
  const confirmed = dryRun ? 0 : await recoverInFlight(connection, options.runId, live, options.takeCalls, (writer, stop) => stoppedSystems.set(writer.system, stop.message));
  if (confirmed > 0) log(`reverse: ${confirmed} records written by an interrupted run were confirmed in the CRM and are not sent again`);
  const scopes = await planScopes(connection, options.writers.map((w) => w.system));
  const plans = await buildPlan(connection, scopes, { clearWhenNull: new Set(options.clearWhenNull ?? []) });
  if (dryRun) return { dryRun, setup: setup.lines, confirmed, scopes: plans.map((p) => scopeOutcome(p, {})), samples: await samplesOf(connection, plans) };
  const outcomes: ScopeOutcome[] = [];
  for (const plan of plans) {
    const writer = options.writers.find((w) => w.system === plan.scope.system)!;
    const stop = stoppedSystems.get(writer.system);
    if (plan.records === 0 || stop) {
      outcomes.push(scopeOutcome(plan, stop ? { stopped: stop } : {}));
      continue;
    }
    const outcome = await sendScope(connection, writer, plan, options);
    if (outcome.stopped) stoppedSystems.set(writer.system, outcome.stopped);
    log(`reverse ${plan.scope.system} ${plan.scope.object}: ${outcome.sent} sent, ${outcome.retry} to retry, ${outcome.deadLetter} dead-lettered in ${outcome.batches} batches (${outcome.requests} requests)`);
    outcomes.push(outcome);
  }
  return { dryRun, setup: setup.lines, confirmed, scopes: outcomes, samples: [] };
}

async function setUpFields(writers: readonly CrmWriter[], dryRun: boolean, stoppedSystems: Map<string, string>): Promise<{ lines: string[] }> {
  const lines: string[] = [];
  const missing: string[] = [];
  for (const writer of writers) {
    let setup: FieldSetup;
    try {
      setup = await writer.setUpFields(SYNC_TARGETS, dryRun);
    } catch (error) {
      if (!(error instanceof QuotaStop)) throw error;
      stoppedSystems.set(writer.system, error.message);
      lines.push(`${writer.system}: ${error.message}`);
      continue;
    }
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
  /** Batches sent (a batch split by the CRM, or a bulk job, makes several requests). */
  batches: number;
  /** API requests made while sending, retries included. */
  requests: number;
}

/** A quota stop or a cancellation while batches were in flight; `pending` are the records refused for now by batches that finished. */
class SendStopped extends Error {
  readonly pending: RecordChange[];
  readonly reason: unknown;
  constructor(pending: RecordChange[], reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.pending = pending;
    this.reason = reason;
  }
}

async function sendScope(connection: DuckDBConnection, writer: CrmWriter, plan: ScopePlan, options: ReverseOptions): Promise<ScopeOutcome> {
  const mutex = new AsyncMutex();
  const context: ScopeContext = {
    scope: { runId: options.runId, system: plan.scope.system, object: plan.scope.object },
    tally: { sent: 0, retry: 0, deadLetter: 0, batches: 0, requests: 0 },
    takeCalls: options.takeCalls,
    inTurn: (work) => mutex.run(work),
    limit: pLimit(options.concurrency ?? 4),
    halt: {},
    signal: options.signal,
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
      pending = [];
      pending = await sendAll(connection, writer, retrying, writer.batching(plan.scope.object, retrying.length), context, attempt === maxAttempts);
    }
    if (pending.length > 0) await settleAsRetry(connection, context, pending);
    return scopeOutcome(plan, context.tally);
  } catch (error) {
    const reason = error instanceof SendStopped ? error.reason : error;
    if (!(reason instanceof QuotaStop) && !options.signal?.aborted) throw reason;
    // Records refused for now are logged `retry`; records never sent have no outcome and are planned again next run.
    if (error instanceof SendStopped) pending.push(...error.pending);
    await settleAsRetry(connection, context, pending);
    return scopeOutcome(plan, { ...context.tally, stopped: reason instanceof QuotaStop ? reason.message : 'cancelled' });
  }
}

interface ScopeContext {
  readonly scope: OutcomeScope;
  readonly tally: Tally;
  readonly takeCalls: () => ApiCallRow[];
  /** Runs warehouse work one batch at a time (batches share the stage's connection). */
  readonly inTurn: <T>(work: () => Promise<T>) => Promise<T>;
  readonly limit: LimitFunction;
  /** Set when a batch hit a quota stop: batches not started yet are not sent. */
  readonly halt: { reason?: unknown };
  readonly signal?: AbortSignal;
}

/**
 * Sends `records` in batches, several in flight at once; returns the records refused for now. On a
 * quota stop or cancellation no further batch starts, every batch in flight settles, and SendStopped
 * carries what the finished batches refused for now.
 */
async function sendAll(connection: DuckDBConnection, writer: CrmWriter, records: readonly RecordChange[], batching: Batching, context: ScopeContext, final: boolean): Promise<RecordChange[]> {
  const batches: RecordChange[][] = [];
  for (let i = 0; i < records.length; i += batching.size) batches.push(records.slice(i, i + batching.size));
  const settled = await Promise.allSettled(batches.map((batch) => context.limit(() => sendBatch(connection, writer, batch, { ...context, batching, final }))));
  const pending = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  const failure = settled.find((s) => s.status === 'rejected');
  if (!failure) return pending;
  if (failure.reason instanceof QuotaStop || context.signal?.aborted) throw new SendStopped(pending, failure.reason);
  throw failure.reason;
}

/**
 * Sends one batch: queued in the write-ahead log, written, outcomes committed. Returns the records
 * that failed for now (retriable) unless `final`, when they are recorded as `retry` for the next run.
 */
async function sendBatch(
  connection: DuckDBConnection, writer: CrmWriter, batch: readonly RecordChange[], context: ScopeContext & { batching: Batching; final: boolean },
): Promise<RecordChange[]> {
  const { scope, tally, final, inTurn, halt } = context;
  if (halt.reason !== undefined) return [];
  if (context.signal?.aborted) throw context.signal.reason;
  await inTurn(() => queueInFlight(connection, scope, batch));
  tally.batches += 1;
  let results: RecordResult[];
  try {
    results = await writeBatch(writer, scope, batch, context.batching);
  } catch (error) {
    // Left in the write-ahead log: the next run reads these records back before planning.
    if (error instanceof QuotaStop) halt.reason = error;
    throw error;
  }
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
  await inTurn(async () => {
    const calls = context.takeCalls();
    tally.requests += calls.length;
    await commitOutcomes(connection, scope, outcomes, batch.map((c) => c.recordId), calls);
  });
  return pending;
}

/**
 * A write whose request failed as a whole after the caller's retries: a retriable failure (5xx,
 * 429, network) fails each record for now; anything else (no permission, a field gone, a refused
 * job) stops the object with the CRM's message, since every other batch would fail the same way.
 */
async function writeBatch(writer: CrmWriter, scope: OutcomeScope, batch: readonly RecordChange[], batching: Batching): Promise<RecordResult[]> {
  const updates: RecordUpdate[] = batch.map((change) => ({
    recordId: change.recordId,
    values: Object.fromEntries(change.fields.map((f) => [f.crmField, wireValue(f.desired, f.type, writer.system)])),
  }));
  try {
    return await writer.write(scope.object, updates, batching);
  } catch (error) {
    if (error instanceof QuotaStop) throw error;
    const failure = readClientError(error);
    if (!isRetriable(failure)) {
      throw new Error(`${scope.system} ${scope.object}: the CRM refused a write request, so the write-back of this object stopped: ${failure.message}. Fix the cause (permissions, fields, credentials), then run again; nothing refused this way is lost.`, { cause: error });
    }
    return batch.map((change) => ({ recordId: change.recordId, ok: false, code: 'TRANSIENT', message: failure.message }));
  }
}

async function settleAsRetry(connection: DuckDBConnection, context: ScopeContext, pending: readonly RecordChange[]): Promise<void> {
  if (pending.length === 0) return;
  const outcomes = pending.map((change): RecordOutcome => ({ change, status: 'retry', result: { recordId: change.recordId, ok: false, code: 'TRANSIENT', message: 'not delivered in this run; sent again next run' } }));
  context.tally.retry += outcomes.length;
  await context.inTurn(async () => {
    const calls = context.takeCalls();
    context.tally.requests += calls.length;
    await commitOutcomes(connection, context.scope, outcomes, pending.map((c) => c.recordId), calls);
  });
}

function scopeOutcome(plan: ScopePlan, tally: Partial<Tally> & { stopped?: string }): ScopeOutcome {
  return {
    system: plan.scope.system, object: plan.scope.object, planned: plan.records, fieldCounts: plan.fieldCounts, drifted: plan.drifted,
    sent: tally.sent ?? 0, retry: tally.retry ?? 0, deadLetter: tally.deadLetter ?? 0, batches: tally.batches ?? 0, requests: tally.requests ?? 0,
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
