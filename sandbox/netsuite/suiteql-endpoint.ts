import type { DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import { ApiError, bodyText, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import type { SandboxDb } from '../store/sandbox-db.ts';
import { invalidQuery, nsFail } from './netsuite-errors.ts';
import type { NsTableSchema } from './netsuite-tables.ts';
import { ItemEncoder } from './item-encoder.ts';
import { compileSuiteql, type CompiledQuery } from './suiteql-compiler.ts';
import { SuiteqlSyntaxError } from './suiteql-lexer.ts';
import { SuiteqlResultCache, type QueryResult } from './suiteql-result-cache.ts';

/** SuiteQL pages hold at most 1000 rows, and one query reaches at most 100,000 rows. */
export const MAX_PAGE_SIZE = 1000;
export const MAX_REACHABLE_RESULTS = 100_000;
const MAX_COMPILED_QUERIES = 500;

export const COLLECTION_CONTENT_TYPE = 'application/vnd.oracle.resource+json; type=collection; charset=UTF-8';

/** `POST /services/rest/query/v1/suiteql?limit=&offset=` with `{"q": "SELECT …"}`. */
export class SuiteqlEndpoint {
  private readonly db: SandboxDb;
  private readonly tables: ReadonlyMap<string, NsTableSchema>;
  private readonly timeZone: string;
  private readonly compiled = new Map<string, CompiledQuery>();
  private readonly results = new SuiteqlResultCache();

  constructor(db: SandboxDb, tables: readonly NsTableSchema[], timeZone: string) {
    this.db = db;
    this.tables = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
    this.timeZone = timeZone;
  }

  /** Record writes changed the data: forget cached results. */
  invalidate(): void {
    this.results.invalidate();
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    const limit = pagingParam(req, 'limit', MAX_PAGE_SIZE);
    const offset = pagingParam(req, 'offset', 0);
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      nsFail(400, 'INVALID_PARAMETER', `Invalid value ${limit} for the query parameter 'limit'. The value must be between 1 and ${MAX_PAGE_SIZE}.`, { 'o:errorQueryParam': 'limit' });
    }
    if (offset >= MAX_REACHABLE_RESULTS) {
      nsFail(400, 'INVALID_PARAMETER', `Invalid value ${offset} for the query parameter 'offset'. A SuiteQL query returns at most ${MAX_REACHABLE_RESULTS} results, so the offset must be below ${MAX_REACHABLE_RESULTS}. Narrow the query (for example WHERE id > <last id seen> ORDER BY id) to read further.`, { 'o:errorQueryParam': 'offset' });
    }
    const q = queryText(req);
    const result = await this.result(q, offset > 0);
    return page(req, result, limit, offset);
  }

  /** The query's rows: reused while paging (offset > 0), computed afresh for a first page. */
  private async result(q: string, paging: boolean): Promise<QueryResult> {
    const cached = paging ? this.results.get(q) : undefined;
    if (cached) return cached;
    const compiled = this.compile(q);
    const version = this.results.currentVersion();
    const result = await this.execute(compiled);
    this.results.set(q, result, version);
    return result;
  }

  private compile(q: string): CompiledQuery {
    let compiled = this.compiled.get(q);
    if (compiled) return compiled;
    try {
      compiled = compileSuiteql(q, { tables: this.tables, timeZone: this.timeZone, rowCap: MAX_REACHABLE_RESULTS });
    } catch (error) {
      if (error instanceof SuiteqlSyntaxError) invalidQuery(error.message);
      throw error;
    }
    if (this.compiled.size >= MAX_COMPILED_QUERIES) this.compiled.clear();
    this.compiled.set(q, compiled);
    return compiled;
  }

  private execute(compiled: CompiledQuery): Promise<QueryResult> {
    return this.db.exclusive(async (tx) => {
      try {
        const result = await tx.connection.run(compiled.sql, compiled.params as DuckDBValue[]);
        const chunks: DuckDBDataChunk[] = [];
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) chunks.push(chunk);
        const encoder = new ItemEncoder(chunks, result.columnTypes(), compiled.columns, this.timeZone);
        let totalResults = encoder.rowCount;
        if (totalResults >= MAX_REACHABLE_RESULTS) {
          const [row] = await tx.all<{ n: bigint }>(compiled.countSql, compiled.countParams);
          totalResults = Number(row?.n ?? totalResults);
        }
        return { encoder, totalResults };
      } catch (error) {
        if (error instanceof ApiError) throw error;
        // DuckDB refused or failed the compiled query (type mismatch, bad conversion, …).
        return invalidQuery((error as Error).message.replace(/\n+/g, ' ').trim());
      }
    });
  }
}

function pagingParam(req: ApiRequest, name: string, fallback: number): number {
  const raw = req.url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) nsFail(400, 'INVALID_PARAMETER', `Invalid value '${raw}' for the query parameter '${name}'. Provide a whole number.`, { 'o:errorQueryParam': name });
  return Number(raw);
}

function queryText(req: ApiRequest): string {
  let body: unknown;
  try {
    body = JSON.parse(bodyText(req));
  } catch (error) {
    nsFail(400, 'INVALID_CONTENT', `Invalid content in the request body: ${(error as Error).message}. Send a JSON object such as {"q": "SELECT id FROM customer"}.`);
  }
  const q = (body as { q?: unknown } | null)?.q;
  if (typeof q !== 'string' || q.trim() === '') {
    nsFail(400, 'INVALID_CONTENT', 'The request body must be a JSON object with the SuiteQL query in "q".', { 'o:errorPath': 'q' });
  }
  return q;
}

function page(req: ApiRequest, result: QueryResult, limit: number, offset: number): ApiResponse {
  const count = Math.max(0, Math.min(offset + limit, result.encoder.rowCount) - offset);
  const items = count > 0 ? result.encoder.itemsJson(offset, offset + count) : '[]';
  const hasMore = offset + count < result.totalResults;
  const links = pageLinks(req, limit, offset, result.totalResults, hasMore);
  const body = `{"links":${JSON.stringify(links)},"count":${count},"hasMore":${hasMore},"offset":${offset},"totalResults":${result.totalResults},"items":${items}}`;
  return { status: 200, headers: { 'content-type': COLLECTION_CONTENT_TYPE }, body };
}

/** previous / first / next / last / self, each only where it applies; absolute URLs on the request's origin. */
function pageLinks(req: ApiRequest, limit: number, offset: number, total: number, hasMore: boolean): { rel: string; href: string }[] {
  const href = (o: number): string => `${req.url.protocol}//${req.url.host}${req.url.pathname}?limit=${limit}&offset=${o}`;
  const reachable = Math.min(total, MAX_REACHABLE_RESULTS);
  const lastOffset = reachable > 0 ? Math.floor((reachable - 1) / limit) * limit : 0;
  const links: { rel: string; href: string }[] = [];
  if (offset > 0) links.push({ rel: 'previous', href: href(Math.max(0, offset - limit)) });
  if (reachable > limit) links.push({ rel: 'first', href: href(0) });
  if (hasMore && offset + limit < MAX_REACHABLE_RESULTS) links.push({ rel: 'next', href: href(offset + limit) });
  if (reachable > limit) links.push({ rel: 'last', href: href(lastOffset) });
  links.push({ rel: 'self', href: href(offset) });
  return links;
}
