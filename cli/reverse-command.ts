import type { Command } from 'commander';
import { createCrmWriters, type CallerOverrides } from '../reverse/crm-writers.ts';
import { MissingCrmFields, runReverse, type ReverseSummary } from '../reverse/run-reverse.ts';
import { syncColumns } from '../reverse/sync-fields.ts';
import type { TestResult } from '../models/runner/build-models.ts';
import { failingMartTests } from './build-command.ts';
import { apiCallsSince } from './status-report.ts';
import { formatReverseOutcome, formatReversePlan } from './reverse-format.ts';
import { newRunId, withWarehouseSession, type WarehouseSession } from './warehouse-session.ts';

interface ReverseCommandOptions {
  config: string;
  dryRun?: boolean;
  retryDeadLetters?: boolean;
}

export interface ReverseStageOptions {
  readonly runId: string;
  readonly dryRun?: boolean;
  /** Data tests already run in this run (the build's); when absent the marts' tests are run now. */
  readonly tests?: readonly TestResult[];
  readonly callers?: CallerOverrides;
  /** Send dead-lettered values again (resolved once the gate passed, and never in a dry run). */
  readonly retryDeadLetters?: boolean;
  /** Wait before the first retry round of records the CRM refused for now (default 1 s, doubling). */
  readonly retryDelayMs?: number;
}

export interface ReverseStageResult {
  /** 0 every record written, 2 written with warnings (retries left, dead letters, quota stop), 1 nothing written. */
  readonly exitCode: number;
  readonly summary?: ReverseSummary;
  readonly message?: string;
}

/** Exit codes: 0 all changes written, 2 finished with warnings (retries left, dead letters, quota stop), 1 failed or gated. */
export function registerReverseCommand(program: Command): void {
  program
    .command('reverse')
    .description('Write ERP ids, payment status and health back to the CRM: only changed fields of existing records, in batches.')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--dry-run', 'print the plan (records and fields per object, a sample before → after) and write nothing')
    .option('--retry-dead-letters', 'send the dead-lettered values again (after fixing their cause in the CRM)')
    .action(async (opts: ReverseCommandOptions) => {
      if (opts.retryDeadLetters && opts.dryRun) throw new Error('--retry-dead-letters sends dead-lettered values again; it cannot be combined with --dry-run, which writes nothing.');
      process.exitCode = await withWarehouseSession(opts.config, async (session) => {
        const result = await reverseStage(session, { runId: newRunId('reverse', new Date()), dryRun: opts.dryRun, retryDeadLetters: opts.retryDeadLetters });
        if (result.message) console.log(result.message);
        return result.exitCode;
      });
    });
}

/**
 * The run's reverse stage. Gated: when a mart's data test fails nothing is written. Prints the plan
 * (dry run) or the outcome per CRM object.
 */
export async function reverseStage(session: WarehouseSession, options: ReverseStageOptions): Promise<ReverseStageResult> {
  const failing = (options.tests ?? await failingMartTests(session, new Date())).filter((t) => t.status !== 'passed');
  if (failing.length > 0) {
    const names = failing.map((t) => `${t.model}: ${t.name} (${t.failingRows} rows)`).join('; ');
    return { exitCode: 1, message: `Nothing was written to the CRM: ${failing.length} data tests do not pass (${names}). Fix the data or the model, run \`closeloop build\`, then write again.` };
  }
  const { reverse } = session.loaded.config;
  const unknown = reverse.clearWhenNull.filter((c) => !syncColumns().includes(c));
  if (unknown.length > 0) throw new Error(`Config reverse.clearWhenNull names ${unknown.join(', ')}, which closeloop does not write; choose from ${syncColumns().join(', ')}.`);
  if (options.retryDeadLetters && !options.dryRun) await resolveDeadLetters(session);
  const crm = await createCrmWriters(session.loaded, options.runId, options.callers, { hubspotCallsToday: (await apiCallsSince(session.warehouse.db, startOfUtcDay(new Date()))).hubspot ?? 0 });
  let summary: ReverseSummary;
  try {
    summary = await session.warehouse.withConnection((connection) => runReverse(connection, {
      runId: options.runId, writers: crm.writers, takeCalls: () => crm.takeCalls(), dryRun: options.dryRun,
      clearWhenNull: reverse.clearWhenNull, maxAttempts: reverse.maxAttempts, concurrency: reverse.concurrency, retryDelayMs: options.retryDelayMs, signal: session.signal, log: (line) => console.error(line),
    }));
  } catch (error) {
    if (error instanceof MissingCrmFields) return { exitCode: 1, message: error.message };
    throw error;
  }
  for (const line of options.dryRun ? formatReversePlan(summary) : formatReverseOutcome(summary)) console.log(line);
  const warned = summary.scopes.some((s) => s.retry > 0 || s.deadLetter > 0 || s.stopped);
  return { exitCode: warned ? 2 : 0, summary };
}

/** HubSpot's daily limit resets at midnight UTC. */
function startOfUtcDay(now: Date): Date {
  return new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
}

async function resolveDeadLetters(session: WarehouseSession): Promise<void> {
  const result = await session.warehouse.db.updateTable('meta.dead_letter').set({ resolved_at: new Date() }).where('resolved_at', 'is', null).executeTakeFirst();
  console.log(`${String(result.numUpdatedRows)} dead-lettered records will be sent again.`);
}
