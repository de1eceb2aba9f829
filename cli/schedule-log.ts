/** The scheduler's log: the subset of a pino logger it uses, so `createLogger().child(...)` fits in its place. */
export interface ScheduleLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
