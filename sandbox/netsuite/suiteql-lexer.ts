/** One SuiteQL token. Identifiers keep their spelling in `text`; `value` is lower-cased for matching. */
export interface Token {
  kind: 'ident' | 'quoted' | 'string' | 'number' | 'op' | 'eof';
  text: string;
  value: string;
  /** Character offset in the query, for error messages. */
  at: number;
}

/** A query SuiteQL cannot parse; the message says what and where. */
export class SuiteqlSyntaxError extends Error {}

const OPERATORS = ['<>', '!=', '^=', '<=', '>=', '||', '(+)', '=', '<', '>', '+', '-', '*', '/', '(', ')', ',', '.', ';'];

/** Splits an Oracle-flavoured SQL text into tokens (comments and whitespace dropped). */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SuiteqlSyntaxError(`Unterminated comment starting at position ${i}`);
      i = end + 2;
    } else if (ch === "'") {
      i = readString(sql, i, tokens);
    } else if (ch === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) throw new SuiteqlSyntaxError(`Unterminated quoted identifier starting at position ${i}`);
      const text = sql.slice(i + 1, end);
      tokens.push({ kind: 'quoted', text, value: text.toLowerCase(), at: i });
      i = end + 1;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(sql.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], value: m[0], at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$#]*/.exec(sql.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0], value: m[0].toLowerCase(), at: i });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i));
      if (!op) throw new SuiteqlSyntaxError(`Unexpected character '${ch}' at position ${i}`);
      tokens.push({ kind: 'op', text: op, value: op, at: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', text: '', value: '', at: sql.length });
  return tokens;
}

function readString(sql: string, start: number, tokens: Token[]): number {
  let text = '';
  let i = start + 1;
  for (;;) {
    const end = sql.indexOf("'", i);
    if (end < 0) throw new SuiteqlSyntaxError(`Unterminated string literal starting at position ${start}`);
    text += sql.slice(i, end);
    if (sql[end + 1] === "'") {
      text += "'";
      i = end + 2;
    } else {
      tokens.push({ kind: 'string', text, value: text, at: start });
      return end + 1;
    }
  }
}
