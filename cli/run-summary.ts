import type { RunOutcome, Stage, StageOutcome } from '../ops/run-outcome.ts';

/** The one screen a run ends with: each stage's status, time, rows and API calls, the warnings, where things are. */
export function formatRunSummary(outcome: RunOutcome, warehousePath: string): string[] {
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
  const reports = (outcome.stages.report?.detail as { files?: string[] } | undefined)?.files;
  const published = (outcome.stages.publish?.detail as { file?: string } | undefined)?.file;
  lines.push(`Warehouse: ${warehousePath}`);
  if (published) lines.push(`Published for analysts: ${published}`);
  if (reports?.length) lines.push(`Report: ${reports.join(', ')}`);
  return lines;
}

function stageLine(stage: Stage, outcome: StageOutcome): string {
  const calls = Object.entries(outcome.apiCalls ?? {}).map(([system, n]) => `${system} ${n}`).join(', ') || '-';
  const rows = outcome.rows === undefined ? '-' : outcome.rows.toLocaleString('en-US');
  return `${stage.padEnd(8)} ${outcome.status.padEnd(8)} ${outcome.seconds.toFixed(1).padStart(8)} ${rows.padStart(9)}  ${calls}`;
}
