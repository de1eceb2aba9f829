import type { BuildResult } from '../models/runner/build-models.ts';

/**
 * The lines `closeloop build` prints: one per model (rows, time, tests passed, notes its after-build
 * step returned), then every test that did not pass, with a sample row.
 */
export function formatBuildResult(result: BuildResult): string[] {
  const lines = ['Models:'];
  for (const model of result.models) {
    const passed = result.tests.filter((t) => t.model === model.name && t.status === 'passed').length;
    const detail = model.status === 'built' ? `${model.rowCount} rows in ${model.seconds.toFixed(2)}s, ${passed} tests passed` : (model.message ?? '');
    lines.push(`  ${model.status.padEnd(7)} ${model.name}  ${detail}`);
    for (const note of model.notes ?? []) lines.push(`          ${note}`);
  }
  const notPassed = result.tests.filter((t) => t.status !== 'passed');
  if (notPassed.length > 0) lines.push('Tests not passed:');
  for (const test of notPassed) {
    const label = { passed: 'PASS', failed: 'FAIL', error: 'ERROR', skipped: 'SKIP' }[test.status];
    lines.push(`  ${label.padEnd(5)} ${test.name}${testDetail(test)}`);
  }
  const failedModels = result.models.filter((m) => m.status !== 'built').length;
  const failedTests = result.tests.filter((t) => t.status !== 'passed').length;
  lines.push(result.ok ? `OK: ${result.models.length} models built, ${result.tests.length} tests passed.` : `FAILED: ${failedModels} model(s) not built, ${failedTests} test(s) not passed.`);
  return lines;
}

function testDetail(test: BuildResult['tests'][number]): string {
  if (test.status === 'failed') return `  (${test.failingRows} failing rows; e.g. ${JSON.stringify(test.sample[0], jsonSafe)})`;
  if (test.status === 'error' || test.status === 'skipped') return `  (${test.message})`;
  return '';
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
