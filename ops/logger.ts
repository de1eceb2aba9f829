import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import PinoPretty from 'pino-pretty';
import { REDACTED_KEYS } from './secret-keys.ts';
import { REDACTED, redactDeep, redactText } from './secret-redaction.ts';

export type { Logger } from 'pino';

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggerOptions {
  /** Default: CLOSELOOP_LOG_LEVEL, else info. */
  readonly level?: string;
  /** Where JSON lines go (default stderr); given a destination, output is never pretty. */
  readonly destination?: DestinationStream;
  /** Human-readable lines instead of JSON (default: when stderr is a terminal). */
  readonly pretty?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * closeloop's logger: one JSON object per line on stderr (stdout stays the command's output), pretty
 * on a terminal. Secrets never reach a line: fields named like credentials are censored, and every
 * string (message, fields, error messages and stacks) goes through `redactText`.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const level = logLevel(options.level ?? env.CLOSELOOP_LOG_LEVEL);
  const pretty = options.destination === undefined && (options.pretty ?? process.stderr.isTTY === true);
  return pino(
    {
      name: 'closeloop',
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: REDACTED },
      formatters: {
        bindings: (bindings) => redactDeep(bindings) as Record<string, unknown>,
        log: (object) => redactDeep(object) as Record<string, unknown>,
      },
      // redactDeep already turned errors into { type, message, stack, cause }; the standard serializer would
      // rename the type and copy every enumerable field (request options and their headers among them).
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          method.apply(this, redactArguments(args) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? (pretty ? prettyStderr() : pino.destination({ fd: 2, sync: true })),
  );
}

/** The level named by CLOSELOOP_LOG_LEVEL (default info); an unknown name is a readable error. */
export function logLevel(name: string | undefined): LevelWithSilent {
  if (name === undefined || name.trim() === '') return 'info';
  const level = name.trim().toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new Error(`CLOSELOOP_LOG_LEVEL=${name} is not a log level: use one of ${LEVELS.join(', ')}.`);
  }
  return level as LevelWithSilent;
}

/** `logger.error(error)` would take the message from the error unredacted: log it as `{ err }` instead. */
function redactArguments(args: readonly unknown[]): unknown[] {
  const [first, ...rest] = args;
  const normalised = first instanceof Error ? [{ err: first }, ...(rest.length > 0 ? rest : [first.message])] : args;
  return normalised.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
}

/** Secret-named fields at the top level and two levels down (e.g. `headers.authorization`, `req.headers.authorization`). */
function redactPaths(): string[] {
  return REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
}

function prettyStderr(): DestinationStream {
  return PinoPretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name' });
}
