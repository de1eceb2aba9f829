import type { RunOutcome, Stage, StageOutcome } from '../ops/run-outcome.ts';

export interface SummaryPaths {
  readonly warehouse: string;
  readonly published?: string;
  readonly reports?: readonly string[];
}

/** The one screen a run ends with: each stage's status, time, rows and API calls, the warnings, where things are. */
export function formatRunSummary(outcome: RunOutcome, paths: SummaryPaths): string[] {
  const seconds = (outcome.finishedAt.getTime() - outcome.startedAt.getTime()) / 1000;
  const verdict = outcome.exitCode === 0 ? 'succeeded' : outcome.exitCode === 2 ? 'finished with warnings' : 'FAILED';
  const lines = [
    '',
    `Run ${outcome.runId} (as of ${outcome.asOf.toISOString()}) ${verdict} in ${seconds.toFixed(1)} s; exit code ${outcome.exitCode}.`,
    `  ${'stage'.padEnd(8)} ${'status'.padEnd(8)} ${'seconds'.padStart(8)} ${'rows'.padStart(9)}  API calls`,
  ];
  for (const [stage, stageOutcome] of Object.entries(outcome.stages) as [Stage, StageOutcome][]) lines.push(`  ${stageLine(stage, stageOutcome)}`);
  if (outcome.error) lines.push(`Error: ${outcome.error}`);
  if (outcome.warnings.length > 0) lines.push('Warnings:', ...outcome.warnings.map((w) => `  - ${w}`));
  lines.push(`Warehouse: ${paths.warehouse}`);
  if (paths.published) lines.push(`Published for analysts: ${paths.published}`);
  if (paths.reports?.length) lines.push(`Report: ${paths.reports.join(', ')}`);
  return lines;
}

function stageLine(stage: Stage, outcome: StageOutcome): string {
  const calls = Object.entries(outcome.apiCalls ?? {}).map(([system, n]) => `${system} ${n}`).join(', ') || '-';
  const rows = outcome.rows === undefined ? '-' : outcome.rows.toLocaleString('en-US');
  return `${stage.padEnd(8)} ${outcome.status.padEnd(8)} ${outcome.seconds.toFixed(1).padStart(8)} ${rows.padStart(9)}  ${calls}`;
}
