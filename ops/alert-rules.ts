import type { RunOutcome } from './run-outcome.ts';
import type { StaleSource } from './source-freshness.ts';
import { redactText } from './secret-redaction.ts';

export type AlertKind = 'failure' | 'quota_stop' | 'data_test_failure' | 'dead_letter_growth' | 'stale_source';

/** One thing an operator should hear about after a run. */
export interface Alert {
  readonly kind: AlertKind;
  readonly severity: 'error' | 'warning';
  /** One line, e.g. "Run run-20261101T020000-1a2b3c4d failed". */
  readonly title: string;
  /** What happened and what to do (Slack mrkdwn). */
  readonly detail: string;
}

export interface AlertContext {
  /** Sources not extracted successfully within alerts.staleAfterHours (entries with `stale` false are ignored). */
  readonly staleSources: readonly StaleSource[];
  /** alerts.deadLetterGrowth: alert when a run adds more dead letters than this. */
  readonly deadLetterGrowth: number;
}

const MAX_LISTED_TESTS = 10;

/** The alerts a run calls for, most severe first; none for a clean run with fresh sources. */
export function alertsFor(outcome: RunOutcome, context: AlertContext): Alert[] {
  return [
    failureAlert(outcome),
    testAlert(outcome),
    quotaAlert(outcome),
    deadLetterAlert(outcome, context.deadLetterGrowth),
    staleAlert(context.staleSources),
  ].filter((alert): alert is Alert => alert !== undefined);
}

function failureAlert(outcome: RunOutcome): Alert | undefined {
  if (outcome.exitCode !== 1 && outcome.error === undefined) return undefined;
  const failedStages = Object.entries(outcome.stages).filter(([, stage]) => stage?.status === 'failed');
  const reasons = [
    ...(outcome.error !== undefined ? [outcome.error] : []),
    ...failedStages.map(([name, stage]) => `${name}: ${stage?.message ?? 'failed'}`),
  ];
  return {
    kind: 'failure',
    severity: 'error',
    title: `Run ${outcome.runId} failed`,
    detail: redactText(`${reasons.length > 0 ? reasons.map((r) => `• ${r}`).join('\n') : 'The run exited with code 1.'}\nIt resumes where it stopped on the next run; \`closeloop status\` shows the details.`),
  };
}

function testAlert(outcome: RunOutcome): Alert | undefined {
  if (outcome.failedTests.length === 0) return undefined;
  const listed = outcome.failedTests.slice(0, MAX_LISTED_TESTS).map((t) => `• \`${t.model}\` ${t.name}: ${t.failingRows} failing row(s)`);
  const more = outcome.failedTests.length - listed.length;
  return {
    kind: 'data_test_failure',
    severity: 'error',
    title: `${outcome.failedTests.length} data test(s) failed: nothing was written back to the CRM`,
    detail: [...listed, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n'),
  };
}

function quotaAlert(outcome: RunOutcome): Alert | undefined {
  if (outcome.quotaStops.length === 0) return undefined;
  return {
    kind: 'quota_stop',
    severity: 'warning',
    title: `Stopped at the daily API quota: ${outcome.quotaStops.join(', ')}`,
    detail: 'The stopped source(s) resume where they stopped on the next run. If this repeats, raise the API allowance or run less often.',
  };
}

function deadLetterAlert(outcome: RunOutcome, threshold: number): Alert | undefined {
  if (outcome.deadLettersAdded <= threshold) return undefined;
  return {
    kind: 'dead_letter_growth',
    severity: 'warning',
    title: `${outcome.deadLettersAdded} record(s) refused by the CRM for good`,
    detail: `The run added ${outcome.deadLettersAdded} dead letter(s) (alert threshold ${threshold}). See meta.dead_letter, fix the records, then \`closeloop reverse --retry-dead-letters\`.`,
  };
}

function staleAlert(sources: readonly StaleSource[]): Alert | undefined {
  const stale = sources.filter((s) => s.stale);
  if (stale.length === 0) return undefined;
  return {
    kind: 'stale_source',
    severity: 'warning',
    title: `Stale source(s): ${stale.map((s) => s.source).join(', ')}`,
    detail: stale.map((s) => `• ${s.source}: ${s.lastSuccessAt === null ? 'never extracted successfully' : `last extracted successfully ${s.lastSuccessAt.toISOString()} (${Math.floor(s.hoursSince ?? 0)} h ago)`}`).join('\n'),
  };
}
