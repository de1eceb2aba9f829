import { isLocalTimestamp } from './account-time.ts';
import { mainAlias, type NsStreamColumn, type NsStreamSpec } from './netsuite-streams.ts';

/** A keyset position: account-local modification time and the tie-breaking ids (integers). */
export interface Keyset {
  /** `YYYY-MM-DD HH:MM:SS` in the account's time zone. */
  local: string;
  ids: number[];
}

const LOCAL_MASK = 'YYYY-MM-DD HH24:MI:SS';
export const DATETIME_MASK = 'YYYY-MM-DD"T"HH24:MI:SS';
export const DATE_MASK = 'YYYY-MM-DD';

/** Aliases of the keyset columns a changes query selects besides the stream's columns. */
export const KEYSET_MODIFIED = 'keyset_modified';
export function keysetIdAlias(index: number): string {
  return `keyset_id${index + 1}`;
}

/** Only strictly formatted timestamps reach a query. */
export function timestampLiteral(local: string): string {
  if (!isLocalTimestamp(local)) throw new Error(`Refusing to put '${local}' into SuiteQL: expected a timestamp YYYY-MM-DD HH:MM:SS.`);
  return `TO_TIMESTAMP('${local.replace('T', ' ')}', '${LOCAL_MASK}')`;
}

/** Only safe integers reach a query. */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`Refusing to put '${String(value)}' into SuiteQL: expected an integer id.`);
  return String(value);
}

function expressionOf(spec: NsStreamSpec, column: NsStreamColumn): string {
  return column.expression ?? `${mainAlias(spec)}.${column.name}`;
}

function selectItem(spec: NsStreamSpec, column: NsStreamColumn): string {
  const expression = expressionOf(spec, column);
  if (column.kind === 'datetime') return `TO_CHAR(${expression}, '${DATETIME_MASK}') AS ${column.name}`;
  if (column.kind === 'date') return `TO_CHAR(${expression}, '${DATE_MASK}') AS ${column.name}`;
  return `${expression} AS ${column.name}`;
}

/** A timestamp as second-precision account-local text; the keyset compares and orders by it. */
export function secondsText(modified: string): string {
  return `TO_CHAR(${modified}, '${LOCAL_MASK}')`;
}

/** Only strictly formatted timestamps reach a query as text. */
function localTextLiteral(local: string): string {
  if (!isLocalTimestamp(local)) throw new Error(`Refusing to put '${local}' into SuiteQL: expected a timestamp YYYY-MM-DD HH:MM:SS.`);
  return `'${local.replace('T', ' ')}'`;
}

/**
 * Rows strictly after the position: `m >= T AND (s > T OR (s = T AND id1 > a) OR (s = T AND id1 = a AND id2 > b) …)`
 * where `s` is the time truncated to the second, so stored sub-seconds cannot hide or repeat a row.
 * `m >= T` keeps the filter usable by an index. `inclusive` starts AT the time (a lookback re-read).
 */
export function keysetCondition(modified: string, ids: readonly string[], after: Keyset, inclusive = false): string {
  const coarse = `${modified} >= ${timestampLiteral(after.local)}`;
  if (inclusive) return coarse;
  if (after.ids.length !== ids.length) throw new Error(`A NetSuite cursor holds ${after.ids.length} ids where the stream needs ${ids.length}: run the stream with --full-refresh.`);
  const seconds = secondsText(modified);
  const text = localTextLiteral(after.local);
  const branches = [`${seconds} > ${text}`];
  ids.forEach((id, i) => {
    const equal = [`${seconds} = ${text}`, ...ids.slice(0, i).map((prior, j) => `${prior} = ${integerLiteral(after.ids[j]!)}`)];
    branches.push(`(${[...equal, `${id} > ${integerLiteral(after.ids[i]!)}`].join(' AND ')})`);
  });
  return `${coarse} AND (${branches.join(' OR ')})`;
}

/** The stream's changed records after a position (or all, with `null`), oldest first. */
export function changesQuery(spec: NsStreamSpec, after: Keyset | null, inclusive = false): string {
  const where = [spec.filter, after && keysetCondition(spec.keyset.modified, spec.keyset.ids, after, inclusive)].filter(Boolean);
  const select = [
    ...spec.columns.map((c) => selectItem(spec, c)),
    `TO_CHAR(${spec.keyset.modified}, '${DATETIME_MASK}') AS ${KEYSET_MODIFIED}`,
    ...spec.keyset.ids.map((id, i) => `${id} AS ${keysetIdAlias(i)}`),
  ];
  return [
    `SELECT ${select.join(', ')}`,
    `FROM ${spec.from}`,
    where.length ? `WHERE ${where.join(' AND ')}` : '',
    `ORDER BY ${[secondsText(spec.keyset.modified), ...spec.keyset.ids].join(', ')}`,
  ].filter(Boolean).join(' ');
}

/** Deletions of the stream's record types after a position, oldest first. */
export function deletionsQuery(spec: NsStreamSpec, after: Keyset | null): string {
  for (const type of spec.deletedTypes) {
    if (!/^[a-z_]+$/.test(type)) throw new Error(`Refusing to put record type '${type}' into SuiteQL.`);
  }
  const where = [`LOWER(d.type) IN (${spec.deletedTypes.map((t) => `'${t}'`).join(', ')})`];
  if (after) where.push(keysetCondition('d.deleteddate', ['d.recordid'], after));
  return [
    `SELECT d.recordid AS recordid, d.type AS type, d.name AS name, TO_CHAR(d.deleteddate, '${DATETIME_MASK}') AS deleteddate, d.context AS context`,
    `FROM deletedrecord d WHERE ${where.join(' AND ')} ORDER BY ${secondsText('d.deleteddate')}, d.recordid`,
  ].join(' ');
}
