import { bodyText, json, type ApiResponse } from '../http/api-types.ts';
import type { SfContext, SfRequest } from './salesforce-context.ts';
import type { OrgObject } from './org-schema.ts';
import type { SfFieldSpec } from './salesforce-objects.ts';
import { csvDialect, csvDocument, csvResponse, parseCsv, type CsvDialect } from './bulk-csv.ts';
import { isPlainObject, parseBody } from './json-records.ts';
import { notFoundResponse, recordError, sfError, type RecordError } from './salesforce-errors.ts';
import { sfDateTime } from './replication-endpoint.ts';
import { FieldValueError, fromCsv } from './field-values.ts';
import { writeRecords, type WriteItem, type WriteResult } from './record-writer.ts';
import type { RecordValues } from './validation-rules.ts';

type IngestState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete';

interface IngestJob {
  id: string;
  object: OrgObject;
  operation: IngestOperation;
  externalIdField?: SfFieldSpec;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  state: IngestState;
  apiVersion: string;
  dialect: CsvDialect;
  uploads: string[];
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  processed: number;
  errorMessage?: string;
  startedAt?: number;
  finishedAt?: number;
}

const WRITE_CHUNK = 200;

/**
 * Bulk API 2.0 ingest jobs: create (Open) → PUT CSV batches (201, empty) → PATCH UploadComplete →
 * processed in chunks of 200 rows, each row on its own (a failing row never blocks the others) →
 * JobComplete with successful / failed / unprocessed result CSVs. Processing finishes before the PATCH
 * is answered (the answer still says UploadComplete), so clients never wait a poll interval.
 */
export class BulkIngestJobs {
  private readonly jobs = new Map<string, IngestJob>();
  private readonly ctx: SfContext;

  constructor(ctx: SfContext) {
    this.ctx = ctx;
  }

  create(req: SfRequest): ApiResponse {
    const body = parseBody<unknown>(req);
    if (!isPlainObject(body)) throw sfError(400, 'INVALIDJOB', 'InvalidJob : expected a JSON job definition {"object", "operation", ...}');
    const object = this.ctx.org.object(String(body.object ?? ''));
    if (!object) throw sfError(400, 'INVALIDJOB', `InvalidJob : Unable to find object: ${String(body.object)}`);
    const operation = String(body.operation ?? '');
    if (operation === 'hardDelete') {
      throw sfError(400, 'INVALIDJOB', 'InvalidJob : hardDelete needs the "Bulk API Hard Delete" permission, which the sandbox integration user does not have');
    }
    if (!['insert', 'update', 'upsert', 'delete'].includes(operation)) throw sfError(400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${operation}`);
    const at = sfDateTime(new Date(this.ctx.now()).toISOString());
    const job: IngestJob = {
      id: this.ctx.ids.next('750'), object, operation: operation as IngestOperation, createdById: req.session.userId, createdDate: at, systemModstamp: at,
      state: 'Open', apiVersion: req.apiVersion, dialect: csvDialect(body), uploads: [], header: [], successful: [], failed: [], unprocessed: [], processed: 0,
    };
    if (operation === 'upsert') job.externalIdField = externalIdField(object, body.externalIdFieldName);
    this.jobs.set(job.id, job);
    return json(200, this.info(job));
  }

  upload(req: SfRequest): ApiResponse {
    const job = this.jobs.get(req.params.id ?? '');
    if (!job) return notFoundResponse();
    if (job.state !== 'Open') throw sfError(409, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state}; data can only be uploaded while it is Open`);
    job.uploads.push(bodyText(req));
    this.ctx.usage.countBulkIngestBatch();
    return { status: 201 };
  }

  async changeState(req: SfRequest): Promise<ApiResponse> {
    const job = this.jobs.get(req.params.id ?? '');
    if (!job) return notFoundResponse();
    const body = parseBody<unknown>(req);
    const state = isPlainObject(body) ? body.state : undefined;
    if (state === 'UploadComplete' && job.state === 'Open') {
      job.state = 'UploadComplete';
      const answer = json(200, this.info(job));
      // Processed before answering, so the client's first poll already sees JobComplete.
      await this.process(job);
      return answer;
    } else if (state === 'Aborted' && ['Open', 'UploadComplete', 'InProgress'].includes(job.state)) {
      job.state = 'Aborted';
    } else {
      throw sfError(400, 'INVALIDJOBSTATE', `Cannot change the state of job ${job.id} from ${job.state} to ${String(state)}`);
    }
    job.systemModstamp = sfDateTime(new Date(this.ctx.now()).toISOString());
    return json(200, this.info(job));
  }

  status(req: SfRequest): ApiResponse {
    const job = this.jobs.get(req.params.id ?? '');
    return job ? json(200, this.info(job, true)) : notFoundResponse();
  }

  list(): ApiResponse {
    return json(200, { done: true, records: [...this.jobs.values()].map((j) => this.info(j)), nextRecordsUrl: null });
  }

  results(req: SfRequest, kind: 'successful' | 'failed' | 'unprocessed'): ApiResponse {
    const job = this.jobs.get(req.params.id ?? '');
    if (!job) return notFoundResponse();
    if (kind !== 'unprocessed' && job.state !== 'JobComplete' && job.state !== 'Failed' && job.state !== 'Aborted') {
      throw sfError(400, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state}; results are available once it is complete`);
    }
    const header = kind === 'successful' ? ['sf__Id', 'sf__Created', ...job.header] : kind === 'failed' ? ['sf__Id', 'sf__Error', ...job.header] : job.header;
    const rows = kind === 'successful' ? job.successful : kind === 'failed' ? job.failed : job.unprocessed;
    return csvResponse(csvDocument(header, rows, job.dialect));
  }

  remove(req: SfRequest): ApiResponse {
    return this.jobs.delete(req.params.id ?? '') ? { status: 204 } : notFoundResponse();
  }

  private async process(job: IngestJob): Promise<void> {
    if (job.state !== 'UploadComplete') return;
    job.state = 'InProgress';
    job.startedAt = this.ctx.now();
    try {
      const { header, rows } = this.readUploads(job);
      job.header = header;
      const columns = header.map((name) => this.columnField(job, name));
      for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
        const chunk = rows.slice(start, start + WRITE_CHUNK);
        if ((job.state as IngestState) === 'Aborted') {
          job.unprocessed.push(...rows.slice(start));
          break;
        }
        const items = chunk.map((row) => toItem(job, columns, row));
        const results = await writeRecords(this.ctx, [{ object: job.object, operation: job.operation, items, matchField: job.externalIdField, userId: job.createdById }], false);
        results.forEach((result, i) => this.record(job, chunk[i]!, result, items[i]!));
      }
      if (job.state === 'InProgress') job.state = 'JobComplete';
    } catch (error) {
      job.state = 'Failed';
      job.errorMessage = (error as Error).message;
    }
    job.finishedAt = this.ctx.now();
    job.systemModstamp = sfDateTime(new Date(job.finishedAt).toISOString());
  }

  private readUploads(job: IngestJob): { header: string[]; rows: string[][] } {
    let header: string[] | undefined;
    const rows: string[][] = [];
    for (const upload of job.uploads) {
      let parsed;
      try {
        parsed = parseCsv(upload, job.dialect);
      } catch (error) {
        throw new Error(`InvalidBatch : Failed to parse CSV: ${(error as Error).message}`, { cause: error });
      }
      if (header && parsed.header.join('\u0000') !== header.join('\u0000')) throw new Error('InvalidBatch : every upload of a job must have the same header row');
      header = parsed.header;
      rows.push(...parsed.rows);
    }
    return { header: header ?? [], rows };
  }

  /** A header name → its field (`Id` stays apart); an unknown column fails the whole job as on Salesforce. */
  private columnField(job: IngestJob, name: string): SfFieldSpec | 'Id' {
    if (name.toLowerCase() === 'id') return 'Id';
    const field = job.object.field(name);
    if (!field) throw new Error(`InvalidBatch : Field name not found : ${name}`);
    return field;
  }

  private record(job: IngestJob, row: string[], result: WriteResult, item: WriteItem): void {
    job.processed += 1;
    if (result.success) {
      const created = job.operation === 'insert' || result.created === true;
      job.successful.push([result.id ?? '', String(created), ...row]);
      return;
    }
    job.failed.push([result.id ?? item.id ?? '', errorText(result.errors[0]!), ...row]);
  }

  private info(job: IngestJob, detailed = false): Record<string, unknown> {
    const base: Record<string, unknown> = {
      id: job.id, operation: job.operation, object: job.object.name, createdById: job.createdById, createdDate: job.createdDate,
      systemModstamp: job.systemModstamp, state: job.state, ...(job.externalIdField ? { externalIdFieldName: job.externalIdField.name } : {}),
      concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: Number(job.apiVersion),
      contentUrl: `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`, lineEnding: job.dialect.lineEnding, columnDelimiter: job.dialect.columnDelimiter,
    };
    if (!detailed) return base;
    const time = job.startedAt === undefined ? 0 : (job.finishedAt ?? this.ctx.now()) - job.startedAt;
    return {
      ...base, jobType: 'V2Ingest', numberRecordsProcessed: job.processed, numberRecordsFailed: job.failed.length, retries: 0,
      totalProcessingTime: time, apiActiveProcessingTime: time, apexProcessingTime: 0,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  }
}

function externalIdField(object: OrgObject, name: unknown): SfFieldSpec {
  if (typeof name !== 'string' || name === '') throw sfError(400, 'INVALIDJOB', 'InvalidJob : External ID was blank for upsert');
  const field = object.field(name);
  if (!field || (field.name !== 'Id' && !field.externalId)) {
    throw sfError(400, 'INVALIDJOB', `InvalidJob : Field name provided, ${name} is not an External ID or indexed field for ${object.name}`);
  }
  return field;
}

/** One CSV row → a write item; a bad cell fails only its row. */
function toItem(job: IngestJob, columns: (SfFieldSpec | 'Id')[], row: string[]): WriteItem {
  const values: RecordValues = {};
  let id: string | undefined;
  for (const [i, column] of columns.entries()) {
    const cell = row[i] ?? '';
    if (column === 'Id') {
      if (cell !== '') id = cell;
      continue;
    }
    if (job.operation === 'delete') continue;
    try {
      const value = fromCsv(column, cell);
      if (value !== undefined) values[column.name] = value;
    } catch (error) {
      if (!(error instanceof FieldValueError)) throw error;
      const problem = recordError('INVALID_FIELD', `Failed to deserialize field at col ${i + 1}. Due to, '${cell}' is not a valid value for the type ${column.type}`, [column.name]);
      return { values, ...(id ? { id } : {}), error: problem };
    }
  }
  if (id !== undefined && job.operation === 'insert') {
    return { values, error: recordError('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']) };
  }
  return id === undefined ? { values } : { values, id };
}

/** `sf__Error`: `CODE:message:Field1 Field2 --` (`CODE:message:--` when the error names no field). */
function errorText(error: RecordError): string {
  return `${error.statusCode}:${error.message}:${error.fields.map((f) => `${f} `).join('')}--`;
}
