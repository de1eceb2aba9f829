/**
 * The contract between connectors (one per source) and the landing machinery. A connector knows
 * its API; it never touches the warehouse. The extract runner lands each page it yields and
 * commits the page's cursor in the same transaction, so a run killed anywhere resumes from its
 * last committed page.
 */
export type { ApiCaller, QuotaUsage, SourceName } from '../systems/api/api-types.ts';
export { QuotaStop } from '../systems/api/api-types.ts';
import type { ApiCaller, QuotaUsage, SourceName } from '../systems/api/api-types.ts';

/** Warehouse types a typed raw column may have. Values that do not fit land NULL + a dq_exception. */
export type RawColumnType = 'VARCHAR' | 'BOOLEAN' | 'BIGINT' | 'DOUBLE' | 'DECIMAL(18,2)' | 'DATE' | 'TIMESTAMP';

export interface RawColumn {
  /** Column name in `raw.<source>__<object>`: the source field name, lower-cased. */
  name: string;
  type: RawColumnType;
  /** The field's name in the source API, when it differs from `name` (e.g. `SystemModstamp`). */
  sourceField?: string;
}

/** One stream of one source, e.g. salesforce/Opportunity → `raw.salesforce__opportunity`. */
export interface StreamDescription {
  source: SourceName;
  /** Stream name as configured and stored in meta.state (the API object name). */
  stream: string;
  /** Raw table name without schema: `<source>__<object lower case>`. */
  table: string;
  primaryKey: string;
  columns: RawColumn[];
}

/** Opaque per-stream position, stored as JSON in meta.state. `null` means "from the beginning". */
export type StreamCursor = Record<string, string | number | boolean | null>;

export interface ExtractedRecord {
  /** Primary-key value as text. */
  id: string;
  /** True when the source says the record is deleted, archived or gone. */
  deleted: boolean;
  /**
   * The source's version stamp of this state of the record (e.g. SystemModstamp), when it has one.
   * A version already landed for this id is not landed again, so re-reads (lookback windows,
   * retries, resumed runs) never duplicate a version in raw. Lands in `_version`.
   */
  version?: string;
  /** The record exactly as the API returned it (lands in `_raw`). */
  raw: unknown;
  /** Values for the typed columns, keyed by column name; converted and checked by the lander. */
  values: Record<string, unknown>;
}

export interface StreamPage {
  records: ExtractedRecord[];
  /** Cursor after this page: committed together with the page. */
  cursor: StreamCursor;
}

export interface ReadContext {
  /** Position to resume from; `null` for a first or full-refresh load. */
  cursor: StreamCursor | null;
  api: ApiCaller;
  signal: AbortSignal;
}

export interface SourceConnector {
  readonly source: SourceName;
  /** Logs in and makes one cheap call; throws an Error saying what to fix. */
  testConnection(): Promise<void>;
  /** The streams this connector reads, with the typed columns each lands. */
  describe(): Promise<StreamDescription[]>;
  /** Yields pages of changed (and deleted) records after `ctx.cursor`, oldest first. */
  read(stream: StreamDescription, ctx: ReadContext): AsyncIterable<StreamPage>;
  /** Latest usage the system reported, when it reports one. */
  quota(): QuotaUsage | undefined;
}
