import type { Warehouse } from '../warehouse/warehouse.ts';
import { RecordingApiCaller, type ApiCallerOptions } from '../systems/api/api-caller.ts';
import pLimit, { type LimitFunction } from 'p-limit';
import { QuotaStop, type SourceConnector, type SourceName, type StreamDescription } from './extract-types.ts';
import { landPage, recordApiCalls } from './landing/page-lander.ts';
import { ensureRawTable } from './landing/raw-table.ts';
import type { ConversionOptions } from './landing/value-conversion.ts';
import { clearCursor, readCursor } from './state/cursor-store.ts';

export type StreamStatus = 'ok' | 'quota_stopped' | 'failed' | 'interrupted';

export interface StreamSummary {
  source: SourceName;
  stream: string;
  pages: number;
  records: number;
  deleted: number;
  dqExceptions: number;
  apiCalls: number;
  status: StreamStatus;
  message?: string;
}

export interface ExtractSummary {
  runId: string;
  streams: StreamSummary[];
  /** ok; warning when a source stopped at its quota or the run was interrupted; failed when a stream failed. */
  status: 'ok' | 'warning' | 'failed';
}

export type ExtractProgress =
  | { kind: 'stream-started'; source: SourceName; stream: string; fullRefresh: boolean }
  | { kind: 'page-landed'; source: SourceName; stream: string; pages: number; records: number }
  | { kind: 'stream-finished'; summary: StreamSummary };

export interface ExtractOptions {
  runId: string;
  /** `true` refreshes every stream; otherwise entries name `source`, `stream` or `source/stream`. */
  fullRefresh?: true | readonly string[];
  /** SIGTERM and friends: the page being landed finishes, then every stream stops. */
  signal?: AbortSignal;
  onProgress?: (event: ExtractProgress) => void;
  /** Retry, timeout, concurrency and quota-stop settings for every source's API caller. */
  api?: Partial<Omit<ApiCallerOptions, 'runId' | 'source' | 'quota'>>;
  conversion?: ConversionOptions;
  now?: () => Date;
}

/**
 * Extracts every stream of every connector into raw tables. Sources run side by side; streams of one
 * source run one after another. A failing stream is recorded and the others go on; a source that
 * reaches its quota stop share stops gracefully (the rest of its streams resume next run).
 */
export async function runExtract(warehouse: Warehouse, connectors: readonly SourceConnector[], options: ExtractOptions): Promise<ExtractSummary> {
  // One page lands at a time: DuckDB has one writer, and pages of different sources would conflict.
  const landing = pLimit(1);
  const perSource = await Promise.all(connectors.map((connector) => extractSource(warehouse, connector, options, landing)));
  const streams = perSource.flat();
  return { runId: options.runId, streams, status: overallStatus(streams) };
}

function overallStatus(streams: readonly StreamSummary[]): ExtractSummary['status'] {
  if (streams.some((s) => s.status === 'failed')) return 'failed';
  if (streams.some((s) => s.status !== 'ok')) return 'warning';
  return 'ok';
}

async function extractSource(warehouse: Warehouse, connector: SourceConnector, options: ExtractOptions, landing: LimitFunction): Promise<StreamSummary[]> {
  const caller = new RecordingApiCaller({ ...options.api, runId: options.runId, source: connector.source, quota: () => connector.quota() });
  let streams: StreamDescription[];
  try {
    // Describing a source makes API calls too: they get the same retries and are recorded.
    streams = await caller.call({ method: 'GET', endpoint: 'describe' }, () => connector.describe());
  } catch (error) {
    return [failedSource(connector.source, error)];
  } finally {
    await recordApiCalls(warehouse, caller.takeCalls());
  }
  // Every described stream gets its raw table now, so the models build (empty) even when a quota stop
  // keeps a stream from landing its first page.
  await landing(() => warehouse.withConnection(async (connection) => {
    for (const stream of streams) await ensureRawTable(connection, stream);
  }));
  const summaries: StreamSummary[] = [];
  for (const stream of streams) {
    if (caller.quotaStop || options.signal?.aborted) {
      summaries.push(notStarted(stream, caller.quotaStop));
      continue;
    }
    const summary = await extractStream(warehouse, connector, stream, caller, options, landing);
    options.onProgress?.({ kind: 'stream-finished', summary });
    summaries.push(summary);
  }
  return summaries;
}

async function extractStream(
  warehouse: Warehouse, connector: SourceConnector, stream: StreamDescription,
  caller: RecordingApiCaller, options: ExtractOptions, landing: LimitFunction,
): Promise<StreamSummary> {
  const summary: StreamSummary = { source: stream.source, stream: stream.stream, pages: 0, records: 0, deleted: 0, dqExceptions: 0, apiCalls: 0, status: 'ok' };
  const refresh = wantsFullRefresh(options.fullRefresh, stream);
  let lastRecord: string | undefined;
  options.onProgress?.({ kind: 'stream-started', source: stream.source, stream: stream.stream, fullRefresh: refresh });
  try {
    if (refresh) await clearCursor(warehouse.db, stream.source, stream.stream);
    const cursor = refresh ? null : await readCursor(warehouse.db, stream.source, stream.stream);
    const signal = options.signal ?? new AbortController().signal;
    for await (const page of connector.read(stream, { cursor, api: caller, signal })) {
      const calls = caller.pendingCalls.slice();
      const landed = await landing(() => landPage(warehouse, {
        runId: options.runId, stream, page, apiCalls: calls, extractedAt: options.now?.() ?? new Date(), conversion: options.conversion,
      }));
      caller.takeCalls(calls.length);
      summary.apiCalls += calls.length;
      summary.pages += 1;
      summary.records += landed.records;
      summary.deleted += landed.deleted;
      summary.dqExceptions += landed.dqExceptions;
      lastRecord = page.records.at(-1)?.id ?? lastRecord;
      options.onProgress?.({ kind: 'page-landed', source: stream.source, stream: stream.stream, pages: summary.pages, records: summary.records });
      if (signal.aborted) break;
    }
    if (signal.aborted) Object.assign(summary, interrupted(stream, summary.pages));
  } catch (error) {
    // A signal can cut a request short: that is an interruption, not a failure of the stream.
    const cutShort = options.signal?.aborted && !(error instanceof QuotaStop);
    Object.assign(summary, cutShort ? interrupted(stream, summary.pages) : outcomeOf(stream, error, lastRecord));
  } finally {
    const leftover = caller.takeCalls();
    summary.apiCalls += leftover.length;
    await recordApiCalls(warehouse, leftover).catch(() => undefined);
  }
  return summary;
}

function interrupted(stream: StreamDescription, pages: number): Pick<StreamSummary, 'status' | 'message'> {
  return { status: 'interrupted', message: `${stream.source}/${stream.stream}: interrupted after ${pages} page(s); the next run resumes from the last committed page` };
}

function outcomeOf(stream: StreamDescription, error: unknown, lastRecord: string | undefined): Pick<StreamSummary, 'status' | 'message'> {
  if (error instanceof QuotaStop) return { status: 'quota_stopped', message: error.message };
  const reason = error instanceof Error ? error.message : String(error);
  const after = lastRecord === undefined ? 'before its first page landed' : `after record ${lastRecord} (the last one landed)`;
  return {
    status: 'failed',
    message: `${stream.source}/${stream.stream} failed ${after}: ${reason}. Other streams went on; this one resumes from its last committed page on the next run.`,
  };
}

function failedSource(source: SourceName, error: unknown): StreamSummary {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    source, stream: '*', pages: 0, records: 0, deleted: 0, dqExceptions: 0, apiCalls: 0, status: 'failed',
    message: `${source}: could not list its streams: ${reason}. Check the connection settings for ${source} in the config; the other sources went on.`,
  };
}

function notStarted(stream: StreamDescription, stop: QuotaStop | undefined): StreamSummary {
  return {
    source: stream.source, stream: stream.stream, pages: 0, records: 0, deleted: 0, dqExceptions: 0, apiCalls: 0,
    status: stop ? 'quota_stopped' : 'interrupted',
    message: stop ? `${stream.source}/${stream.stream}: not started, ${stop.message}` : `${stream.source}/${stream.stream}: not started, the run was interrupted`,
  };
}

/** Matches `salesforce`, `Account` or `salesforce/Account` (case-insensitive). */
export function wantsFullRefresh(fullRefresh: ExtractOptions['fullRefresh'], stream: StreamDescription): boolean {
  if (fullRefresh === true) return true;
  if (!fullRefresh) return false;
  const names = [stream.source, stream.stream, `${stream.source}/${stream.stream}`].map((n) => n.toLowerCase());
  return fullRefresh.some((entry) => names.includes(entry.trim().toLowerCase()));
}
