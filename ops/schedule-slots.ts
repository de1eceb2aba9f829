import { CronExpressionParser, type CronExpression } from 'cron-parser';
import cron from 'node-cron';
import type { PipelineConfig } from '../config/pipeline-config.ts';

export type Schedule = Pick<PipelineConfig['schedule'], 'cron' | 'timeZone'>;

/** The slots of a schedule: when `closeloop schedule` starts a run, read in the schedule's time zone. */
export interface ScheduleSlots {
  /** The latest slot at or before `now`. */
  previousSlot(now: Date): Date;
  /** The first slot after `now`. */
  nextSlot(now: Date): Date;
  /**
   * The slot to catch up on start: the latest slot before `now`, when no run started at or after it
   * (`lastRunStart` is when the last run started; undefined when none ever did).
   */
  missedSlot(lastRunStart: Date | undefined, now: Date): Date | undefined;
}

/** Throws a readable error when the cron expression or the time zone is not one closeloop can schedule. */
export function validateSchedule(schedule: Schedule): void {
  const zone = schedule.timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new Error(`schedule.timeZone "${zone}" is not a known IANA time zone; write one such as "Europe/Berlin", "America/New_York" or "UTC".`);
  }
  const problem = cronProblem(schedule.cron);
  if (problem !== undefined) {
    throw new Error(
      `schedule.cron "${schedule.cron}" is not a cron expression closeloop can run (${problem}); write 5 fields `
      + '(minute hour day-of-month month day-of-week), e.g. "0 2 * * *" for 02:00 every day, or 6 with seconds first.',
    );
  }
}

/** The slots of a validated schedule. */
export function scheduleSlots(schedule: Schedule): ScheduleSlots {
  validateSchedule(schedule);
  const from = (date: Date): CronExpression => CronExpressionParser.parse(schedule.cron, { currentDate: date, tz: schedule.timeZone });
  // cron-parser's prev() is strictly before its start, and slots fall on whole seconds.
  const previousSlot = (now: Date): Date => from(new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000)).prev().toDate();
  return {
    previousSlot,
    nextSlot: (now) => from(now).next().toDate(),
    missedSlot(lastRunStart, now) {
      const slot = previousSlot(now);
      return lastRunStart === undefined || lastRunStart.getTime() < slot.getTime() ? slot : undefined;
    },
  };
}

/** A time as the schedule's zone reads it, with its offset: `2026-11-01 02:00:00 GMT+1`. */
export function formatInZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'shortOffset',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
}

/** Why the expression cannot be scheduled, or undefined. Both libraries must accept it: node-cron fires, cron-parser finds slots. */
function cronProblem(expression: string): string | undefined {
  const detail = cron.validateDetailed(expression);
  if (!detail.valid) return detail.errors.map((e) => e.message).join('; ') || 'node-cron refuses it';
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' }).next();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
