import { tableName } from '../dataset/dataset-schema.ts';
import { bodyText, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import type { Router } from '../http/router.ts';
import { quoteIdent, type SandboxDb, type SandboxTx, type SqlParam } from '../store/sandbox-db.ts';
import { nonexistentId, nsFail } from './netsuite-errors.ts';
import type { NsTableSchema } from './netsuite-tables.ts';
import { buildRecordTypes, type RecordType } from './record-mapping.ts';
import { parseRecordKey, readRecord, recordUrl, type RecordContext, type RecordKey } from './record-reader.ts';
import { createRecord, deleteRecord, updateRecord } from './record-writer.ts';
import { MAX_PAGE_SIZE, COLLECTION_CONTENT_TYPE } from './suiteql-endpoint.ts';

const RECORD_CONTENT_TYPE = 'application/vnd.oracle.resource+json; type=singular; charset=UTF-8';
const BASE = '/services/rest/record/v1';

/** The REST record API: read, list, create, update, upsert by external id, delete. */
export class RecordEndpoints {
  private readonly db: SandboxDb;
  private readonly rc: RecordContext;
  private readonly onWrite: () => void;

  constructor(db: SandboxDb, tables: readonly NsTableSchema[], onWrite: () => void) {
    this.db = db;
    this.rc = { tables: new Map(tables.map((t) => [t.name, t])), types: buildRecordTypes(tables) };
    this.onWrite = onWrite;
  }

  register(router: Router): void {
    router.add('GET', `${BASE}/:type`, (req) => this.list(req));
    router.add('POST', `${BASE}/:type`, (req) => this.create(req));
    router.add('GET', `${BASE}/:type/:id`, (req) => this.get(req));
    router.add('PATCH', `${BASE}/:type/:id`, (req) => this.update(req));
    router.add('PUT', `${BASE}/:type/:id`, (req) => this.upsert(req));
    router.add('DELETE', `${BASE}/:type/:id`, (req) => this.remove(req));
  }

  private async get(req: ApiRequest): Promise<ApiResponse> {
    const { type, key } = this.target(req);
    const fields = req.url.searchParams.get('fields');
    const only = fields ? new Set(fields.split(',').map((f) => f.trim().toLowerCase())) : undefined;
    const record = await this.db.exclusive((tx) => readRecord(tx, this.rc, type, key, origin(req), only));
    if (!record) return nonexistentId(req.url.pathname);
    return { status: 200, headers: { 'content-type': RECORD_CONTENT_TYPE }, body: record };
  }

  private async list(req: ApiRequest): Promise<ApiResponse> {
    const type = this.type(req);
    if (req.url.searchParams.has('q')) nsFail(400, 'INVALID_PARAMETER', 'Record list filtering with "q" is not supported by the NetSuite sandbox; use SuiteQL.', { 'o:errorQueryParam': 'q' });
    const limit = Number(req.url.searchParams.get('limit') ?? MAX_PAGE_SIZE);
    const offset = Number(req.url.searchParams.get('offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) nsFail(400, 'INVALID_PARAMETER', `The value of the query parameter 'limit' must be between 1 and ${MAX_PAGE_SIZE}.`, { 'o:errorQueryParam': 'limit' });
    if (!Number.isInteger(offset) || offset < 0) nsFail(400, 'INVALID_PARAMETER', "The value of the query parameter 'offset' must be a whole number.", { 'o:errorQueryParam': 'offset' });
    const key = quoteIdent(type.table.key);
    const where = type.transactionType ? ' WHERE "type" = ?' : '';
    const params: SqlParam[] = type.transactionType ? [type.transactionType] : [];
    const { ids, total } = await this.db.exclusive(async (tx) => ({
      ids: await tx.all<{ id: bigint }>(`SELECT ${key} AS id FROM ${tableName(type.table)}${where} ORDER BY ${key} LIMIT ${limit} OFFSET ${offset}`, params),
      total: Number((await tx.all<{ n: bigint }>(`SELECT count(*) AS n FROM ${tableName(type.table)}${where}`, params))[0]!.n),
    }));
    const base = `${origin(req)}${BASE}/${type.urlName}`;
    const page = (o: number): { rel: string; href: string } => ({ rel: 'self', href: `${base}?limit=${limit}&offset=${o}` });
    const links = [
      ...(offset > 0 ? [{ ...page(Math.max(0, offset - limit)), rel: 'previous' }] : []),
      ...(offset + ids.length < total ? [{ ...page(offset + limit), rel: 'next' }] : []),
      page(offset),
    ];
    const items = ids.map((r) => ({ links: [{ rel: 'self', href: `${base}/${r.id}` }], id: String(r.id) }));
    const body = { links, count: items.length, hasMore: offset + items.length < total, offset, totalResults: total, items };
    return { status: 200, headers: { 'content-type': COLLECTION_CONTENT_TYPE }, body };
  }

  private async create(req: ApiRequest): Promise<ApiResponse> {
    const type = this.type(req);
    const body = requestBody(req);
    const id = await this.write((tx, now) => createRecord(tx, this.rc, type, body, now));
    return noContent(recordUrl(origin(req), type.urlName, id));
  }

  private async update(req: ApiRequest): Promise<ApiResponse> {
    const { type, key } = this.target(req);
    const body = requestBody(req);
    const id = await this.write((tx, now) => updateRecord(tx, this.rc, type, key, body, now, req.url.pathname));
    return noContent(recordUrl(origin(req), type.urlName, id));
  }

  /** PUT …/eid:X: updates the record with that external id, or creates it. */
  private async upsert(req: ApiRequest): Promise<ApiResponse> {
    const { type, key } = this.target(req);
    if (!('externalId' in key)) {
      nsFail(405, 'METHOD_NOT_ALLOWED', `PUT is allowed only as an upsert by external ID: ${BASE}/${type.urlName}/eid:<externalId>.`, { 'o:urlPath': req.url.pathname });
    }
    const body = requestBody(req);
    const id = await this.write(async (tx, now) => {
      const exists = await tx.all(`SELECT 1 FROM ${tableName(type.table)} WHERE "externalid" = ?${type.transactionType ? ' AND "type" = ?' : ''} LIMIT 1`,
        type.transactionType ? [key.externalId, type.transactionType] : [key.externalId]);
      return exists.length > 0
        ? updateRecord(tx, this.rc, type, key, body, now, req.url.pathname, true)
        : createRecord(tx, this.rc, type, body, now, key.externalId);
    });
    return noContent(recordUrl(origin(req), type.urlName, id));
  }

  private async remove(req: ApiRequest): Promise<ApiResponse> {
    const { type, key } = this.target(req);
    await this.write((tx, now) => deleteRecord(tx, this.rc, type, key, now, req.url.pathname));
    return { status: 204 };
  }

  /** Runs one write in a transaction, then retires cached SuiteQL results. */
  private async write<T>(work: (tx: SandboxTx, now: Date) => Promise<T>): Promise<T> {
    const now = new Date();
    try {
      return await this.db.transaction((tx) => work(tx, now));
    } finally {
      this.onWrite();
    }
  }

  private type(req: ApiRequest): RecordType {
    const name = req.params.type ?? '';
    const type = this.rc.types.get(name.toLowerCase());
    if (!type) {
      const known = [...this.rc.types.values()].map((t) => t.urlName).join(', ');
      nsFail(404, 'NONEXISTENT_ID', `The record type '${name}' does not exist or is not emulated by the NetSuite sandbox (record types: ${known}).`, { 'o:urlPath': req.url.pathname });
    }
    return type;
  }

  private target(req: ApiRequest): { type: RecordType; key: RecordKey } {
    const type = this.type(req);
    const key = parseRecordKey(req.params.id ?? '');
    if (!key) return nonexistentId(req.url.pathname);
    if ('externalId' in key && !type.table.fields.some((f) => f.name === 'externalid')) {
      nsFail(400, 'INVALID_ID', `${type.urlName} records have no external ID in the NetSuite sandbox; use the internal ID.`, { 'o:urlPath': req.url.pathname });
    }
    return { type, key };
  }
}

function origin(req: ApiRequest): string {
  return `${req.url.protocol}//${req.url.host}`;
}

function requestBody(req: ApiRequest): unknown {
  const text = bodyText(req);
  if (text.trim() === '') nsFail(400, 'INVALID_CONTENT', 'The request body is empty; send the record fields as a JSON object.');
  try {
    return JSON.parse(text);
  } catch (error) {
    return nsFail(400, 'INVALID_CONTENT', `Invalid content in the request body: ${(error as Error).message}.`);
  }
}

function noContent(location: string): ApiResponse {
  return { status: 204, headers: { location } };
}
