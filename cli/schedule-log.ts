/** The scheduler's log: the subset of a pino logger it uses, so `createLogger().child(...)` fits in its place. */
export interface ScheduleLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

/** One JSON object per line on stderr, in pino's shape (level, time, pid, name, fields, msg). */
export function scheduleLog(): ScheduleLog {
  const write = (level: keyof typeof LEVELS) => (fields: object, message: string): void => {
    const line = { level: LEVELS[level], time: new Date().toISOString(), pid: process.pid, name: 'closeloop', command: 'schedule', ...serialize(fields), msg: message };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

function serialize(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? { type: value.name, message: value.message } : value]));
}
