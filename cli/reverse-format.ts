import type { ReverseSummary, ScopeOutcome } from '../reverse/run-reverse.ts';

/** The dry run: per CRM object, the records and fields that would change, and a sample before → after. */
export function formatReversePlan(summary: ReverseSummary): string[] {
  const lines = ['Write-back plan (dry run: nothing was written):', ...summary.setup.map((s) => `  setup: ${s}`)];
  for (const scope of summary.scopes) {
    lines.push(`  ${scope.system} ${scope.object}: ${scope.planned} records to update${scope.drifted > 0 ? `, ${scope.drifted} fields drifted (edited in the CRM since last sent)` : ''}`);
    for (const [field, count] of Object.entries(scope.fieldCounts)) lines.push(`    ${field}: ${count}`);
  }
  for (const sample of summary.samples) {
    lines.push(`  sample ${sample.scope.system} ${sample.scope.object}:`);
    for (const record of sample.records) {
      const changes = record.fields.map((f) => `${f.crmField} ${show(f.crmValue)} → ${show(f.desired)}`).join('; ');
      lines.push(`    ${record.recordId}: ${changes}`);
    }
  }
  return lines;
}

/** After a write: per CRM object what was sent, left for the next run, or dead-lettered. */
export function formatReverseOutcome(summary: ReverseSummary): string[] {
  const lines = ['Write-back to the CRM:', ...summary.setup.map((s) => `  setup: ${s}`)];
  if (summary.confirmed > 0) lines.push(`  ${summary.confirmed} records an interrupted run had written were confirmed (not sent again)`);
  for (const scope of summary.scopes) lines.push(`  ${scopeLine(scope)}`);
  const dead = summary.scopes.reduce((n, s) => n + s.deadLetter, 0);
  if (dead > 0) lines.push(`  ${dead} records failed for good: see meta.dead_letter (they are not retried until their values change or \`closeloop reverse --retry-dead-letters\`)`);
  return lines;
}

function scopeLine(scope: ScopeOutcome): string {
  const parts = [`${scope.sent} of ${scope.planned} records updated in ${scope.batches} batches (${scope.requests} requests)`];
  if (scope.drifted > 0) parts.push(`${scope.drifted} drifted fields overwritten`);
  if (scope.retry > 0) parts.push(`${scope.retry} to retry next run`);
  if (scope.deadLetter > 0) parts.push(`${scope.deadLetter} dead-lettered`);
  if (scope.stopped) parts.push(`stopped: ${scope.stopped}`);
  return `${scope.system} ${scope.object}: ${parts.join(', ')}`;
}

function show(value: string | null): string {
  return value === null ? '(empty)' : value;
}
