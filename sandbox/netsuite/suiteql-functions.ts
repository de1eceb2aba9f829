import { tableName } from '../dataset/dataset-schema.ts';
import { quoteIdent } from '../store/sandbox-db.ts';
import { invalidQuery } from './netsuite-errors.ts';
import { TRANSACTION_STATUSES } from './netsuite-tables.ts';
import { hasTimeFields, parseMask, sqlString, toCharSql, toStrptimeFormat } from './suiteql-date-format.ts';
import { type CompileContext, type Compiled, type Source, type ValueKind } from './suiteql-scope.ts';
import { dateLiteral, localNowSql, textOf } from './suiteql-values.ts';

/** What a function needs besides its compiled arguments. */
export interface CallEnv {
  ctx: CompileContext;
  name: string;
  distinct: boolean;
  star: boolean;
  /** ` OVER (…)` when the call has a window clause, else ''. */
  over: string;
  /** The FROM sources the argument expressions read from (for BUILTIN.CURRENCY_CONVERT). */
  argSources: Source[][];
}

type FunctionImpl = (args: Compiled[], env: CallEnv) => Compiled;

export const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'median', 'stddev', 'variance']);
const WINDOW_ONLY = new Set(['row_number', 'rank', 'dense_rank', 'lag', 'lead']);

export function isAggregateCall(name: string, hasOver: boolean): boolean {
  return AGGREGATES.has(name) && !hasOver;
}

/** Compiles one function call; unknown or unsupported functions are a 400, never a guess. */
export function compileCall(args: Compiled[], env: CallEnv): Compiled {
  if (AGGREGATES.has(env.name)) return aggregate(args, env);
  if (WINDOW_ONLY.has(env.name)) return windowFunction(args, env);
  if (env.over) invalidQuery(`${env.name.toUpperCase()} cannot be used with OVER.`);
  if (env.distinct || env.star) invalidQuery(`${env.name.toUpperCase()} does not take ${env.star ? '*' : 'DISTINCT'}.`);
  const impl = FUNCTIONS[env.name];
  if (!impl) {
    if (env.name.startsWith('builtin.')) invalidQuery(`${env.name.toUpperCase()} is not supported by the NetSuite sandbox.`);
    return invalidQuery(`Unknown function ${env.name.toUpperCase()}.`);
  }
  return impl(args, env);
}

function arity(args: Compiled[], env: CallEnv, min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    invalidQuery(`${env.name.toUpperCase()} takes ${expected} argument${max === 1 ? '' : 's'}, got ${args.length}.`);
  }
}

function firstKind(args: Compiled[]): ValueKind {
  return args.find((a) => a.kind !== 'null')?.kind ?? 'null';
}

function aggregate(args: Compiled[], env: CallEnv): Compiled {
  if (env.name === 'count') {
    if (env.star) return { sql: `count(*)${env.over}`, kind: 'number' };
    arity(args, env, 1);
    return { sql: `count(${env.distinct ? 'DISTINCT ' : ''}${args[0]!.sql})${env.over}`, kind: 'number' };
  }
  if (env.star) invalidQuery(`${env.name.toUpperCase()}(*) is not valid.`);
  arity(args, env, 1);
  const arg = args[0]!;
  const fn = env.name === 'variance' ? 'var_samp' : env.name === 'stddev' ? 'stddev_samp' : env.name;
  const kind = env.name === 'min' || env.name === 'max' ? arg.kind : 'number';
  return { sql: `${fn}(${env.distinct ? 'DISTINCT ' : ''}${arg.sql})${env.over}`, kind };
}

function windowFunction(args: Compiled[], env: CallEnv): Compiled {
  if (!env.over) invalidQuery(`${env.name.toUpperCase()} requires an OVER clause.`);
  if (env.name === 'lag' || env.name === 'lead') {
    arity(args, env, 1, 3);
    return { sql: `${env.name}(${args.map((a) => a.sql).join(', ')})${env.over}`, kind: args[0]!.kind };
  }
  arity(args, env, 0);
  return { sql: `${env.name}()${env.over}`, kind: 'number' };
}

function simple(fn: string, min: number, max: number, kind: ValueKind | 'first'): FunctionImpl {
  return (args, env) => {
    arity(args, env, min, max);
    return { sql: `${fn}(${args.map((a) => a.sql).join(', ')})`, kind: kind === 'first' ? firstKind(args) : kind };
  };
}

function textFn(fn: string, min: number, max: number): FunctionImpl {
  return (args, env) => {
    arity(args, env, min, max);
    return { sql: `${fn}(${args.map((a, i) => (i === 0 ? textOf(a) : a.sql)).join(', ')})`, kind: 'text' };
  };
}

function literalArg(args: Compiled[], index: number, env: CallEnv, what: string): string {
  const value = args[index]?.literal;
  if (value === undefined) invalidQuery(`${env.name.toUpperCase()} needs ${what} as a string literal.`);
  return value;
}

function toChar(args: Compiled[], env: CallEnv): Compiled {
  arity(args, env, 1, 2);
  const value = args[0]!;
  if (args.length === 1) return { sql: textOf(value), kind: 'text' };
  const mask = literalArg(args, 1, env, 'the format');
  if (value.kind === 'date' || value.kind === 'datetime') return { sql: toCharSql(value.sql, parseMask(mask)), kind: 'text' };
  if (value.kind === 'null') return { sql: 'CAST(NULL AS VARCHAR)', kind: 'text' };
  return invalidQuery(`TO_CHAR with a format is supported for dates and datetimes only in the NetSuite sandbox (format '${mask}').`);
}

function toDate(withTime: boolean): FunctionImpl {
  return (args, env) => {
    arity(args, env, 1, 2);
    const value = args[0]!;
    const mask = args.length === 2 ? literalArg(args, 1, env, 'the format') : undefined;
    if (value.kind === 'null') return { sql: 'NULL', kind: withTime ? 'datetime' : 'date' };
    if (value.literal !== undefined) return dateLiteral(value.literal, mask, env.ctx, withTime);
    if (value.kind === 'date' || value.kind === 'datetime') return value;
    if (mask === undefined) return { sql: `strptime(${textOf(value)}, ['%m/%d/%Y', '%Y-%m-%d'])`, kind: 'datetime' };
    const elements = parseMask(mask);
    const parsed = `strptime(${textOf(value)}, ${sqlString(toStrptimeFormat(mask, elements))})`;
    return withTime || hasTimeFields(elements) ? { sql: parsed, kind: 'datetime' } : { sql: `CAST(${parsed} AS DATE)`, kind: 'date' };
  };
}

const TRUNC_UNITS: Record<string, string> = {
  dd: 'day', ddd: 'day', j: 'day', mm: 'month', mon: 'month', month: 'month', rm: 'month',
  yyyy: 'year', yyy: 'year', yy: 'year', y: 'year', year: 'year', q: 'quarter', iw: 'week', hh: 'hour', hh24: 'hour', mi: 'minute',
};

function trunc(args: Compiled[], env: CallEnv): Compiled {
  arity(args, env, 1, 2);
  const value = args[0]!;
  if (value.kind === 'date' || value.kind === 'datetime') {
    const unitText = args.length === 2 ? literalArg(args, 1, env, 'the unit').toLowerCase() : 'dd';
    const unit = TRUNC_UNITS[unitText];
    if (!unit) invalidQuery(`TRUNC does not know the date unit '${unitText}'.`);
    const truncated = `date_trunc('${unit}', ${value.sql})`;
    return unit === 'hour' || unit === 'minute' ? { sql: truncated, kind: 'datetime' } : { sql: `CAST(${truncated} AS DATE)`, kind: 'date' };
  }
  if (args.length === 1) return { sql: `trunc(${value.sql})`, kind: 'number' };
  return { sql: `(trunc(${value.sql} * pow(10, ${args[1]!.sql})) / pow(10, ${args[1]!.sql}))`, kind: 'number' };
}

function round(args: Compiled[], env: CallEnv): Compiled {
  arity(args, env, 1, 2);
  if (args[0]!.kind === 'date' || args[0]!.kind === 'datetime') invalidQuery('ROUND of a date is not supported by the NetSuite sandbox; use TRUNC.');
  return { sql: `round(${args.map((a) => a.sql).join(', ')})`, kind: 'number' };
}

function substr(args: Compiled[], env: CallEnv): Compiled {
  arity(args, env, 2, 3);
  const start = `(CASE WHEN ${args[1]!.sql} = 0 THEN 1 ELSE ${args[1]!.sql} END)`;
  const length = args[2] ? `, ${args[2].sql}` : '';
  return { sql: `nullif(substring(${textOf(args[0]!)}, ${start}${length}), '')`, kind: 'text' };
}

function decode(args: Compiled[]): Compiled {
  if (args.length < 3) invalidQuery('DECODE takes an expression and at least one search/result pair.');
  const [value, ...rest] = args;
  const whens: string[] = [];
  for (let i = 0; i + 1 < rest.length; i += 2) whens.push(`WHEN ${value!.sql} IS NOT DISTINCT FROM ${rest[i]!.sql} THEN ${rest[i + 1]!.sql}`);
  const otherwise = rest.length % 2 === 1 ? ` ELSE ${rest.at(-1)!.sql}` : '';
  const results = rest.filter((_, i) => i % 2 === 1 || i === rest.length - 1);
  return { sql: `(CASE ${whens.join(' ')}${otherwise} END)`, kind: firstKind(results) };
}

function concat(args: Compiled[], env: CallEnv): Compiled {
  arity(args, env, 2);
  return { sql: `nullif(concat(${textOf(args[0]!)}, ${textOf(args[1]!)}), '')`, kind: 'text' };
}

function cast(kind: 'number', sqlType: string): FunctionImpl {
  return (args, env) => {
    arity(args, env, 1);
    return { sql: `CAST(${args[0]!.sql} AS ${sqlType})`, kind };
  };
}

function niladic(kind: ValueKind): FunctionImpl {
  return (args, env) => {
    arity(args, env, 0);
    return { sql: localNowSql(env.ctx), kind };
  };
}

/** BUILTIN.DF: the display text of a field (a referenced record's name, a status label, T/F). */
function displayField(args: Compiled[], env: CallEnv): Compiled {
  arity(args, env, 1);
  const arg = args[0]!;
  const column = arg.column;
  if (!column?.spec || !column.source.table) return { sql: textOf(arg), kind: 'text' };
  const table = column.source.table;
  if (table.name === 'transaction' && column.name === 'status') return { sql: statusLabelSql(column.source), kind: 'text' };
  if (table.name === 'transaction' && column.name === 'type') return { sql: typeLabelSql(column.source), kind: 'text' };
  const target = column.spec.references;
  if (!target) return { sql: textOf(arg), kind: 'text' };
  const referenced = env.ctx.tables.get(target);
  if (!referenced) return invalidQuery(`BUILTIN.DF(${column.name}) needs the '${target}' table, which the NetSuite sandbox does not emulate.`);
  const display = referenced.fields.find((f) => f.name === referenced.displayColumn);
  // A fixed alias: the same call compiles to the same SQL, so GROUP BY BUILTIN.DF(x) matches SELECT BUILTIN.DF(x).
  const alias = '__df';
  const displaySql = display?.type === 'datetime' || display?.type === 'date' || display?.type === 'boolean'
    ? textOf({ sql: `${alias}.${quoteIdent(referenced.displayColumn)}`, kind: display.type === 'boolean' ? 'boolean' : display.type })
    : `CAST(${alias}.${quoteIdent(referenced.displayColumn)} AS VARCHAR)`;
  return {
    sql: `(SELECT ${displaySql} FROM ${tableName(referenced)} ${alias} WHERE ${alias}.${quoteIdent(referenced.key)} = ${arg.sql})`,
    kind: 'text',
  };
}

function statusLabelSql(source: Source): string {
  const whens = Object.entries(TRANSACTION_STATUSES).flatMap(([type, info]) =>
    Object.entries(info.statuses).map(([code, label]) => `WHEN ${sqlString(`${type}:${code}`)} THEN ${sqlString(`${info.label} : ${label}`)}`));
  const s = source.sqlAlias;
  return `(CASE ${s}."type" || ':' || ${s}."status" ${whens.join(' ')} ELSE ${s}."status" END)`;
}

function typeLabelSql(source: Source): string {
  const whens = Object.entries(TRANSACTION_STATUSES).map(([type, info]) => `WHEN ${sqlString(type)} THEN ${sqlString(info.label)}`);
  return `(CASE ${source.sqlAlias}."type" ${whens.join(' ')} ELSE ${source.sqlAlias}."type" END)`;
}

/** BUILTIN.CURRENCY_CONVERT(amount): a transaction amount in the subsidiary's base currency. */
function currencyConvert(args: Compiled[], env: CallEnv): Compiled {
  if (args.length !== 1) invalidQuery('BUILTIN.CURRENCY_CONVERT with a target currency or date is not supported by the NetSuite sandbox; pass the amount only.');
  const sources = env.argSources[0] ?? [];
  const source = sources.length === 1 ? sources[0]! : undefined;
  const s = source?.sqlAlias;
  let rate: string | undefined;
  if (source?.table?.name === 'transaction') rate = `${s}."exchangerate"`;
  else if (source?.table?.name === 'transactionline') {
    const alias = '__fx';
    rate = `(SELECT ${alias}."exchangerate" FROM netsuite."transaction" ${alias} WHERE ${alias}."id" = ${s}."transaction")`;
  }
  if (!rate) return invalidQuery('BUILTIN.CURRENCY_CONVERT is supported for amounts of one transaction or transactionline row in the NetSuite sandbox.');
  return { sql: `round(${args[0]!.sql} * coalesce(${rate}, 1), 2)`, kind: 'number' };
}

const FUNCTIONS: Record<string, FunctionImpl> = {
  'builtin.df': displayField,
  'builtin.currency_convert': currencyConvert,
  nvl: simple('coalesce', 2, 2, 'first'),
  coalesce: simple('coalesce', 1, 99, 'first'),
  nvl2: (args, env) => {
    arity(args, env, 3);
    return { sql: `(CASE WHEN ${args[0]!.sql} IS NOT NULL THEN ${args[1]!.sql} ELSE ${args[2]!.sql} END)`, kind: firstKind(args.slice(1)) };
  },
  nullif: simple('nullif', 2, 2, 'first'),
  decode,
  greatest: simple('greatest', 1, 99, 'first'),
  least: simple('least', 1, 99, 'first'),
  round,
  trunc,
  abs: simple('abs', 1, 1, 'number'),
  ceil: simple('ceil', 1, 1, 'number'),
  floor: simple('floor', 1, 1, 'number'),
  sign: simple('sign', 1, 1, 'number'),
  sqrt: simple('sqrt', 1, 1, 'number'),
  power: simple('pow', 2, 2, 'number'),
  mod: (args, env) => {
    arity(args, env, 2);
    return { sql: `(${args[0]!.sql} % ${args[1]!.sql})`, kind: 'number' };
  },
  upper: textFn('upper', 1, 1),
  lower: textFn('lower', 1, 1),
  length: (args, env) => {
    arity(args, env, 1);
    return { sql: `length(${textOf(args[0]!)})`, kind: 'number' };
  },
  substr,
  trim: textFn('trim', 1, 1),
  ltrim: textFn('ltrim', 1, 2),
  rtrim: textFn('rtrim', 1, 2),
  lpad: textFn('lpad', 2, 3),
  rpad: textFn('rpad', 2, 3),
  replace: (args, env) => {
    arity(args, env, 2, 3);
    return { sql: `nullif(replace(${textOf(args[0]!)}, ${args[1]!.sql}, coalesce(${args[2]?.sql ?? "''"}, '')), '')`, kind: 'text' };
  },
  instr: (args, env) => {
    arity(args, env, 2);
    return { sql: `instr(${textOf(args[0]!)}, ${args[1]!.sql})`, kind: 'number' };
  },
  concat,
  to_char: toChar,
  to_date: toDate(false),
  to_timestamp: toDate(true),
  to_number: cast('number', 'DOUBLE'),
  sysdate: niladic('datetime'),
  systimestamp: niladic('datetime'),
  current_date: niladic('datetime'),
  current_timestamp: niladic('datetime'),
  add_months: (args, env) => {
    arity(args, env, 2);
    const shifted = `(${args[0]!.sql} + to_months(CAST(${args[1]!.sql} AS INTEGER)))`;
    return args[0]!.kind === 'date' ? { sql: `CAST(${shifted} AS DATE)`, kind: 'date' } : { sql: shifted, kind: args[0]!.kind };
  },
  last_day: (args, env) => {
    arity(args, env, 1);
    return { sql: `last_day(${args[0]!.sql})`, kind: 'date' };
  },
};
