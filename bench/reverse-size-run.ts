// One step of the reverse benchmark, run by reverse-bench.ts in its own process (so its peak memory is
// its own), against a sandbox serving the dataset and a config pointing at it:
// `--phase fill` creates the synthetic source marts in the config's fresh warehouse;
// `--phase change` changes 1% of the accounts;
// `--phase run` runs the reverse stage (runReverse with the config's writers, the data-test gate left out)
//   and counts its write calls from meta.api_calls;
// `--phase baseline` sends the records a run wrote again with plain fetch (see reverse-baseline.ts).
// Each prints one `reverse-figure=` JSON line on stdout.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DuckDBConnection } from '@duckdb/node-api';
import { withWarehouseSession, type WarehouseSession } from '../cli/warehouse-session.ts';
import type { CrmWriter } from '../reverse/crm-writer.ts';
import { createCrmWriters } from '../reverse/crm-writers.ts';
import { runReverse, type ScopeOutcome } from '../reverse/run-reverse.ts';
import { changeOnePercent, fillReverseMarts } from './reverse-bench-marts.ts';
import { sendBaseline, type BaselineFigure } from './reverse-baseline.ts';
import { writeCallsPerObject, type CallCount, type ObjectWriteCalls } from './reverse-write-calls.ts';

export interface ReverseObjectFigure extends ObjectWriteCalls {
  sent: number;
  deadLetter: number;
  retry: number;
  /** From the object's first write call to its last outcome committed (planning not included). */
  seconds: number;
}

export interface ReverseRunFigure {
  runId: string;
  /** Wall time of runReverse: field setup, planning and every object's writes. */
  seconds: number;
  objects: ReverseObjectFigure[];
  calls: CallCount[];
}

/** Marks when each object's first write call begins (its end is the stage's log line for it). */
function timedWriters(writers: readonly CrmWriter[], starts: Map<string, number>): CrmWriter[] {
  return writers.map((writer) => ({
    ...writer,
    write: (...args: Parameters<CrmWriter['write']>) => {
      if (!starts.has(`${writer.system} ${args[0]}`)) starts.set(`${writer.system} ${args[0]}`, performance.now());
      return writer.write(...args);
    },
  }));
}

export async function runReverseStage(session: WarehouseSession, runId: string): Promise<ReverseRunFigure> {
  const { reverse } = session.loaded.config;
  const crm = await createCrmWriters(session.loaded, runId);
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  const started = performance.now();
  const summary = await session.warehouse.withConnection((connection) => runReverse(connection, {
    runId, writers: timedWriters(crm.writers, starts), takeCalls: () => crm.takeCalls(),
    clearWhenNull: reverse.clearWhenNull, maxAttempts: reverse.maxAttempts,
    log: (line) => {
      const scope = /^reverse (\S+ \S+):/.exec(line)?.[1];
      if (scope) ends.set(scope, performance.now());
      process.stderr.write(`  ${line}\n`);
    },
  }));
  const seconds = (performance.now() - started) / 1000;
  const calls = await session.warehouse.withConnection((connection) => callCounts(connection, runId));
  const bulk = { threshold: reverse.salesforceBulkThreshold, jobSize: reverse.salesforceBulkJobSize };
  const written = writeCallsPerObject(summary.scopes.map((s) => ({ system: s.system, object: s.object, changed: s.planned })), calls, bulk);
  const objects = summary.scopes.map((scope: ScopeOutcome, i): ReverseObjectFigure => {
    const key = `${scope.system} ${scope.object}`;
    const begun = starts.get(key);
    const ended = ends.get(key);
    return {
      ...written[i]!, sent: scope.sent, deadLetter: scope.deadLetter, retry: scope.retry,
      seconds: begun !== undefined && ended !== undefined ? (ended - begun) / 1000 : 0,
    };
  });
  return { runId, seconds, objects, calls };
}

async function callCounts(connection: DuckDBConnection, runId: string): Promise<CallCount[]> {
  const reader = await connection.runAndReadAll(`SELECT system, method, endpoint, count(*) AS calls, count(*) FILTER (WHERE retry > 0) AS retries
    FROM meta.api_calls WHERE run_id = $1 GROUP BY ALL ORDER BY ALL`, [runId]);
  return reader.getRowObjectsJS().map((r) => ({ system: String(r.system), method: String(r.method), endpoint: String(r.endpoint), calls: Number(r.calls), retries: Number(r.retries) }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { phase: { type: 'string' }, config: { type: 'string' }, data: { type: 'string' }, 'run-id': { type: 'string' } } });
  if (!values.config) throw usage();
  const config = path.resolve(values.config);
  const { phase, data, 'run-id': runId } = values;
  let figure: unknown;
  if (phase === 'fill' && data) figure = await withWarehouseSession(config, (s) => s.warehouse.withConnection((c) => fillReverseMarts(c, path.resolve(data))));
  else if (phase === 'change') figure = await withWarehouseSession(config, (s) => s.warehouse.withConnection((c) => changeOnePercent(c)));
  else if (phase === 'run' && runId) figure = await withWarehouseSession(config, (s) => runReverseStage(s, runId));
  else if (phase === 'baseline' && runId) figure = await withWarehouseSession(config, (s) => sendBaseline(s, runId)) satisfies BaselineFigure[];
  else throw usage();
  process.stdout.write(`reverse-figure=${JSON.stringify(figure)}\n`);
}

function usage(): Error {
  return new Error('usage: reverse-size-run.ts --config FILE (--phase fill --data DATASET_DIR | --phase change | --phase run --run-id ID | --phase baseline --run-id ID)');
}

if (process.argv[1] === import.meta.filename) await main();
