import type { SourceName } from '../systems/api/api-types.ts';

/** The stages of a nightly run, in order. */
export const STAGES = ['extract', 'build', 'report', 'reverse', 'publish'] as const;
export type Stage = (typeof STAGES)[number];

/** `interrupted`: a signal stopped the run during the stage; the next run does it again (it resumes where it stopped). */
export type OutcomeStatus = 'ok' | 'warning' | 'failed' | 'skipped' | 'interrupted';

/** One stage of one run, as `meta.runs.stages.<stage>` holds it (JSON). */
export interface StageOutcome {
  readonly status: OutcomeStatus;
  readonly seconds: number;
  /** Why it failed, warned or was skipped. */
  readonly message?: string;
  /** Rows the stage produced (records landed, model rows built, records written back, ...). */
  readonly rows?: number;
  /** API calls per system made by the stage. */
  readonly apiCalls?: Partial<Record<SourceName, number>>;
  /** Stage-specific detail (streams, files, scopes, failed tests). */
  readonly detail?: unknown;
}

/** What a finished (or dead) run amounts to: what alerts, the summary and `closeloop status` read. */
export interface RunOutcome {
  readonly runId: string;
  readonly asOf: Date;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** 0 ok, 2 finished with warnings, 1 failed. */
  readonly exitCode: 0 | 1 | 2;
  readonly stages: Partial<Record<Stage, StageOutcome>>;
  readonly warnings: readonly string[];
  /** Sources that stopped at their share of the daily API quota. */
  readonly quotaStops: readonly SourceName[];
  /** Data tests that did not pass in this run's build. */
  readonly failedTests: readonly { model: string; name: string; failingRows: number }[];
  /** Dead letters this run added (records the CRM refused for good). */
  readonly deadLettersAdded: number;
  /** The error that stopped the run, if one did. */
  readonly error?: string;
}

/** The stages of a `meta.runs` row (a JSON column: DuckDB hands it over as text or parsed). */
export function stageOutcomes(stages: unknown): Partial<Record<Stage, StageOutcome>> {
  return (typeof stages === 'string' ? JSON.parse(stages) : stages ?? {}) as Partial<Record<Stage, StageOutcome>>;
}
