import { SoqlError } from './soql-error.ts';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'punct' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier text, punctuation/operator symbol, number text, or a string's raw (still escaped) content. */
  text: string;
  pos: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'];
const PUNCT = '(),.:';
const STRING_ESCAPES = new Set(['n', 'N', 't', 'T', 'r', 'R', 'b', 'B', 'f', 'F', '"', "'", '\\', '_', '%', 'u']);

/** Splits a SOQL text into tokens; keywords are identifiers (matched case-insensitively by the parser). */
export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < soql.length) {
    const ch = soql[pos]!;
    if (/\s/.test(ch)) {
      pos += 1;
      continue;
    }
    const rest = soql.slice(pos);
    const token = readToken(rest, pos);
    tokens.push(token.token);
    pos += token.length;
  }
  tokens.push({ kind: 'eof', text: '', pos: soql.length });
  return tokens;
}

function readToken(rest: string, pos: number): { token: Token; length: number } {
  const ch = rest[0]!;
  if (ch === "'") return readString(rest, pos);
  if (/[0-9]/.test(ch)) {
    const temporal = readTemporal(rest, pos);
    if (temporal) return temporal;
  }
  const number = NUMBER.exec(rest);
  if (number && !/^[+-]$/.test(number[0])) {
    if (/^[A-Za-z_]/.test(rest.slice(number[0].length))) throw unexpected(rest, pos);
    return { token: { kind: 'number', text: number[0], pos }, length: number[0].length };
  }
  const ident = IDENT.exec(rest);
  if (ident) return { token: { kind: 'ident', text: ident[0], pos }, length: ident[0].length };
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (op) return { token: { kind: 'op', text: op === '<>' ? '!=' : op, pos }, length: op.length };
  if (PUNCT.includes(ch)) return { token: { kind: 'punct', text: ch, pos }, length: 1 };
  throw unexpected(rest, pos);
}

function unexpected(rest: string, pos: number): SoqlError {
  const word = /^\S+/.exec(rest)?.[0] ?? rest[0] ?? '';
  return new SoqlError('MALFORMED_QUERY', `unexpected token: '${word}'`, pos);
}

function readTemporal(rest: string, pos: number): { token: Token; length: number } | undefined {
  const dateTime = DATETIME.exec(rest);
  if (dateTime) {
    const [, day, hh, mi, ss, fraction, zone] = dateTime;
    const offset = zone === 'Z' ? 'Z' : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`;
    const millis = Date.parse(`${day}T${hh}:${mi}:${ss}${(fraction ?? '.0').padEnd(4, '0')}${offset}`);
    if (!validDay(day!) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59 || Number.isNaN(millis)) {
      throw new SoqlError('MALFORMED_QUERY', `line 1:${pos} no viable alternative at character '${dateTime[0]}'`, pos);
    }
    return { token: { kind: 'datetime', text: new Date(millis).toISOString(), pos }, length: dateTime[0].length };
  }
  const date = DATE.exec(rest);
  if (!date) return undefined;
  if (rest[date[0].length] === 'T') {
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${/^\S+/.exec(rest)?.[0]}' (a dateTime literal needs seconds and a time zone, e.g. 2024-01-01T00:00:00Z)`, pos);
  }
  if (!validDay(date[0])) throw new SoqlError('MALFORMED_QUERY', `invalid date: '${date[0]}'`, pos);
  return { token: { kind: 'date', text: date[0], pos }, length: date[0].length };
}

function validDay(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

function readString(rest: string, pos: number): { token: Token; length: number } {
  let i = 1;
  while (i < rest.length) {
    const ch = rest[i]!;
    if (ch === '\\') {
      const next = rest[i + 1];
      if (next === undefined || !STRING_ESCAPES.has(next)) {
        throw new SoqlError('MALFORMED_QUERY', `Invalid string literal '${rest.slice(0, i + 2)}'. Illegal character sequence '\\${next ?? ''}' in string literal.`, pos);
      }
      if (next === 'u' && !/^[0-9a-fA-F]{4}$/.test(rest.slice(i + 2, i + 6))) {
        throw new SoqlError('MALFORMED_QUERY', `Invalid string literal: bad unicode escape in '${rest.slice(0, i + 6)}'`, pos);
      }
      i += 2;
      continue;
    }
    if (ch === "'") return { token: { kind: 'string', text: rest.slice(1, i), pos }, length: i + 1 };
    i += 1;
  }
  throw new SoqlError('MALFORMED_QUERY', `unterminated string literal starting at '${rest.slice(0, 20)}'`, pos);
}

/** Decodes a string literal's raw content for an equality/IN comparison (`\%` and `\_` are only legal in LIKE). */
export function decodeStringLiteral(raw: string, pos: number): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, esc: string) => {
    if (esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if (esc === '%' || esc === '_') {
      throw new SoqlError('MALFORMED_QUERY', `Invalid string literal '${raw}'. Illegal character sequence '\\${esc}' in string literal.`, pos);
    }
    return simpleEscape(esc);
  });
}

/** Turns a LIKE literal into a DuckDB ILIKE pattern with `\` as the escape character. */
export function likePattern(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, esc: string) => {
    if (esc.length === 5) return escapeLikeChar(String.fromCharCode(parseInt(esc.slice(1), 16)));
    if (esc === '%' || esc === '_') return `\\${esc}`;
    return escapeLikeChar(simpleEscape(esc));
  });
}

function escapeLikeChar(ch: string): string {
  return ch === '%' || ch === '_' || ch === '\\' ? `\\${ch}` : ch;
}

function simpleEscape(esc: string): string {
  switch (esc.toLowerCase()) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'b': return '\b';
    case 'f': return '\f';
    default: return esc;
  }
}
