import { json, type ApiResponse } from '../http/api-types.ts';
import type { SfContext, SfRequest } from './salesforce-context.ts';
import { compileOrThrow, runCompiled } from './query-runner.ts';
import { COLUMN_DELIMITERS, LINE_ENDINGS, csvDialect, csvResponse, type CsvDialect } from './bulk-csv.ts';
import { isPlainObject, parseBody } from './json-records.ts';
import { notFoundResponse, sfError } from './salesforce-errors.ts';
import { sfDateTime } from './replication-endpoint.ts';
import { ApiError } from '../http/api-types.ts';

type QueryJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

interface QueryJob {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  state: QueryJobState;
  apiVersion: string;
  dialect: CsvDialect;
  header: string[];
  rows: string[];
  errorMessage?: string;
  startedAt: number;
  finishedAt?: number;
}

/**
 * Bulk API 2.0 query jobs. A job runs its query once while it is created (the creation answer says
 * UploadComplete; the first status poll already says JobComplete), and keeps the CSV lines. Results come in one page unless `maxRecords`
 * or the `bulkPageSize` option asks for smaller pages; the last page always says `Sforce-Locator: null`
 * (jsforce loops until it reads that literal).
 */
export class BulkQueryJobs {
  private readonly jobs = new Map<string, QueryJob>();
  private readonly ctx: SfContext;

  constructor(ctx: SfContext) {
    this.ctx = ctx;
  }

  async create(req: SfRequest): Promise<ApiResponse> {
    const body = parseBody<unknown>(req);
    if (!isPlainObject(body) || typeof body.query !== 'string') throw sfError(400, 'INVALIDJOB', 'InvalidJob : a query job needs {"operation": "query"|"queryAll", "query": "SELECT ..."}');
    const operation = body.operation ?? 'query';
    if (operation !== 'query' && operation !== 'queryAll') throw sfError(400, 'INVALIDJOB', `InvalidJob : Invalid operation ${String(operation)} for a query job`);
    const dialect = csvDialect(body);
    const compiled = compileOrThrow(
      body.query,
      { org: this.ctx.org, scanAll: operation === 'queryAll', now: new Date(this.ctx.now()), apiVersion: req.apiVersion, format: 'csv', csvDelimiter: COLUMN_DELIMITERS[dialect.columnDelimiter] },
      (error) => new ApiError({ ...error.response, body: (error.response.body as { message: string }[]).map((e) => ({ errorCode: 'INVALIDJOB', message: e.message })) }),
    );
    const at = sfDateTime(new Date(this.ctx.now()).toISOString());
    const job: QueryJob = {
      id: this.ctx.ids.next('750'), operation, object: compiled.object.name, createdById: req.session.userId, createdDate: at, systemModstamp: at,
      state: 'UploadComplete', apiVersion: req.apiVersion, dialect, header: compiled.csvHeader, rows: [], startedAt: this.ctx.now(),
    };
    this.jobs.set(job.id, job);
    this.ctx.usage.countBulkQueryJob();
    const answer = json(200, this.info(job));
    // Run before answering (the answer still says UploadComplete): the client's first poll sees JobComplete.
    await this.run(job, compiled);
    return answer;
  }

  status(req: SfRequest): ApiResponse {
    const job = this.jobs.get(req.params.id ?? '');
    return job ? json(200, this.info(job, true)) : notFoundResponse();
  }

  list(): ApiResponse {
    return json(200, { done: true, records: [...this.jobs.values()].map((j) => this.info(j)), nextRecordsUrl: null });
  }

  results(req: SfRequest): ApiResponse {
    const job = this.jobs.get(req.params.id ?? '');
    if (!job) return notFoundResponse();
    if (job.apiVersion !== req.apiVersion) throw sfError(409, 'INVALIDJOB', `The job was created with API version ${job.apiVersion}; request its results with that version`);
    if (job.state !== 'JobComplete') throw sfError(400, 'INVALIDJOBSTATE', `Job is not complete (state ${job.state})`);
    const offset = decodeLocator(req.url.searchParams.get('locator'));
    const pageSize = this.pageSize(req, job);
    const end = Math.min(job.rows.length, offset + pageSize);
    const eol = LINE_ENDINGS[job.dialect.lineEnding]!;
    const delimiter = COLUMN_DELIMITERS[job.dialect.columnDelimiter]!;
    const lines = [job.header.map((h) => `"${h}"`).join(delimiter), ...job.rows.slice(offset, end)];
    return csvResponse(lines.join(eol) + eol, {
      'Sforce-NumberOfRecords': String(end - offset),
      'Sforce-Locator': end < job.rows.length ? encodeLocator(end) : 'null',
    });
  }

  abort(req: SfRequest): ApiResponse {
    const job = this.jobs.get(req.params.id ?? '');
    if (!job) return notFoundResponse();
    const body = parseBody<unknown>(req);
    if (!isPlainObject(body) || body.state !== 'Aborted') throw sfError(400, 'INVALIDJOBSTATE', 'A query job can only be set to {"state": "Aborted"}');
    if (job.state === 'JobComplete' || job.state === 'Failed') throw sfError(400, 'INVALIDJOBSTATE', `Job is already ${job.state} and cannot be aborted`);
    job.state = 'Aborted';
    job.rows = [];
    job.systemModstamp = sfDateTime(new Date(this.ctx.now()).toISOString());
    return json(200, this.info(job));
  }

  remove(req: SfRequest): ApiResponse {
    return this.jobs.delete(req.params.id ?? '') ? { status: 204 } : notFoundResponse();
  }

  private async run(job: QueryJob, compiled: Parameters<typeof runCompiled>[1]): Promise<void> {
    if (job.state === 'Aborted') return;
    job.state = 'InProgress';
    try {
      const outcome = await runCompiled(this.ctx.db, compiled);
      if (job.state !== 'InProgress') return;
      job.rows = outcome.kind === 'rows' ? outcome.rows : [];
      job.state = 'JobComplete';
    } catch (error) {
      job.state = 'Failed';
      job.errorMessage = (error as Error).message;
    }
    job.finishedAt = this.ctx.now();
    job.systemModstamp = sfDateTime(new Date(job.finishedAt).toISOString());
  }

  private pageSize(req: SfRequest, job: QueryJob): number {
    const maxRecords = Number(req.url.searchParams.get('maxRecords'));
    if (Number.isInteger(maxRecords) && maxRecords > 0) return maxRecords;
    return this.ctx.options.bulkPageSize > 0 ? this.ctx.options.bulkPageSize : Math.max(1, job.rows.length);
  }

  private info(job: QueryJob, detailed = false): Record<string, unknown> {
    const base: Record<string, unknown> = {
      id: job.id, operation: job.operation, object: job.object, createdById: job.createdById, createdDate: job.createdDate,
      systemModstamp: job.systemModstamp, state: job.state, concurrencyMode: 'Parallel', contentType: 'CSV',
      apiVersion: Number(job.apiVersion), lineEnding: job.dialect.lineEnding, columnDelimiter: job.dialect.columnDelimiter,
    };
    if (!detailed) return base;
    return {
      ...base,
      jobType: 'V2Query',
      numberRecordsProcessed: job.state === 'JobComplete' ? job.rows.length : 0,
      retries: 0,
      totalProcessingTime: (job.finishedAt ?? this.ctx.now()) - job.startedAt,
      isPkChunkingSupported: true,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  }
}

/** Locators are opaque to clients; Salesforce's are base64 text of the next offset. */
function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
}

function decodeLocator(locator: string | null): number {
  if (!locator || locator === 'null') return 0;
  const offset = Number(Buffer.from(locator, 'base64').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw sfError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
  return offset;
}
