import { sfError } from './salesforce-errors.ts';
import type { ApiError } from '../http/api-types.ts';

export type SoqlErrorCode =
  | 'MALFORMED_QUERY'
  | 'INVALID_FIELD'
  | 'INVALID_TYPE'
  | 'INVALID_QUERY_FILTER_OPERATOR'
  | 'NUMBER_OUTSIDE_VALID_RANGE';

/** A problem in a SOQL text, at an offset; rendered the way Salesforce points at it. */
export class SoqlError extends Error {
  readonly code: SoqlErrorCode;
  readonly pos: number;
  readonly detail: string;

  constructor(code: SoqlErrorCode, detail: string, pos: number) {
    super(`${code}: ${detail}`);
    this.code = code;
    this.detail = detail;
    this.pos = pos;
  }
}

/**
 * Salesforce's message shape: the offending line, a caret under the column, the row/column and the
 * reason, e.g. `\nSELECT Foo FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' ...`.
 */
export function formatSoqlMessage(soql: string, error: SoqlError): string {
  const before = soql.slice(0, Math.max(0, Math.min(error.pos, soql.length)));
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = before.length - lineStart + 1;
  const lineEnd = soql.indexOf('\n', lineStart);
  const line = soql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${error.detail}`;
}

export function soqlApiError(soql: string, error: SoqlError): ApiError {
  return sfError(400, error.code, formatSoqlMessage(soql, error));
}

export function noSuchColumn(field: string, object: string, pos: number): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    pos,
  );
}

export function unknownRelationship(name: string, pos: number): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    pos,
  );
}

export function unsupportedType(name: string, pos: number): SoqlError {
  return new SoqlError(
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    pos,
  );
}
