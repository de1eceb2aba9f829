import type { ApiResponse } from '../http/api-types.ts';
import { JSON_CONTENT_TYPE, type SfContext, type SfRequest } from './salesforce-context.ts';
import { compileOrThrow, runCompiled } from './query-runner.ts';
import { parseLocator, type QueryCursor } from './query-cursors.ts';
import { sfError } from './salesforce-errors.ts';

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

/** `GET …/query?q=` and `…/queryAll?q=`: the first page, opening a cursor when more pages follow. */
export async function queryEndpoint(req: SfRequest, ctx: SfContext, scanAll: boolean): Promise<ApiResponse> {
  const soql = req.url.searchParams.get('q');
  if (!soql || soql.trim() === '') throw sfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  const compiled = compileOrThrow(soql, { org: ctx.org, scanAll, now: new Date(ctx.now()), apiVersion: req.apiVersion, format: 'json' });
  const outcome = await runCompiled(ctx.db, compiled);
  if (outcome.kind === 'count') return page(`{"totalSize":${outcome.totalSize},"done":true,"records":[]}`);
  const rows = outcome.rows;
  // Aggregate results come in one page (they do not support queryMore).
  const batchSize = compiled.kind === 'aggregate' ? Math.max(rows.length, 1) : requestedBatchSize(req);
  if (rows.length <= batchSize) return page(body(rows.length, rows, undefined));
  const cursor = ctx.cursors.open(rows, scanAll, batchSize);
  return servePage(req, ctx, cursor, 0);
}

/** `GET …/query/<locator>` (jsforce uses `/query/` for queryAll cursors too). */
export function queryMoreEndpoint(req: SfRequest, ctx: SfContext): ApiResponse {
  const locator = parseLocator(req.params.locator ?? '');
  const cursor = locator ? ctx.cursors.get(locator.id) : undefined;
  if (!locator || !cursor || locator.offset >= cursor.records.length) {
    throw sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  return servePage(req, ctx, cursor, locator.offset);
}

function servePage(req: SfRequest, ctx: SfContext, cursor: QueryCursor, offset: number): ApiResponse {
  const end = Math.min(offset + cursor.batchSize, cursor.records.length);
  const slice = cursor.records.slice(offset, end);
  if (end >= cursor.records.length) {
    ctx.cursors.close(cursor.id);
    return page(body(cursor.records.length, slice, undefined));
  }
  return page(body(cursor.records.length, slice, `/services/data/v${req.apiVersion}/query/${cursor.id}-${end}`));
}

function body(totalSize: number, records: string[], nextRecordsUrl: string | undefined): string {
  const next = nextRecordsUrl ? `,"nextRecordsUrl":${JSON.stringify(nextRecordsUrl)}` : '';
  return `{"totalSize":${totalSize},"done":${nextRecordsUrl ? 'false' : 'true'}${next},"records":[${records.join(',')}]}`;
}

function page(text: string): ApiResponse {
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: text };
}

/** `Sforce-Query-Options: batchSize=N`: 200..2000, default 2000 (out-of-range values are clamped). */
function requestedBatchSize(req: SfRequest): number {
  const header = req.headers['sforce-query-options'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = /batchSize\s*=\s*(\d+)/i.exec(value ?? '');
  if (!match) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}
