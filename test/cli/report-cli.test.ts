import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportAsOf } from '../../reports/report-month.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { removeDir } from '../support/dataset-files.ts';
import { reportFixture } from '../reports/report-fixture.ts';
import { runReport } from '../reports/run-report.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

describe('closeloop report leakage', () => {
  it('writes the three formats by default and prints where they are', async () => {
    const fixture = await reportFixture();
    dirs.push(fixture.dir);
    const out = path.join(fixture.dir, 'month-end');
    const result = await closeloop(['report', 'leakage', '--month', '2026-10', '--out', out, '--config', fixture.config]);
    expect(result.code, result.stderr).toBe(0);
    const files = ['leakage-2026-10.xlsx', 'leakage-2026-10.html', 'leakage-2026-10-detail.csv'].map((f) => path.join(out, f));
    expect(result.stdout.trim().split('\n')).toEqual(['Leakage report 2026-10 (as of 2026-11-01T00:00:00.000Z):', ...files.map((f) => `  ${f}`)]);
    for (const file of files) expect(existsSync(file), file).toBe(true);
  });

  it('says which marts are missing and to build first', async () => {
    const fixture = await reportFixture({ without: ['mart.leakage', 'mart.ar_aging'] });
    dirs.push(fixture.dir);
    const result = await runReport(['leakage', '--month', '2026-10', '--out', path.join(fixture.dir, 'o'), '--config', fixture.config]);
    expect(result.exitCode).toBe(1);
    expect(result.error).toMatch(/^mart\.leakage, mart\.ar_aging are not in the warehouse .*warehouse\.duckdb yet: run `closeloop build` first/);
    expect(existsSync(path.join(fixture.dir, 'o'))).toBe(false);
  });

  it('rejects a month not written YYYY-MM and an unknown format', async () => {
    const fixture = await reportFixture({ empty: true });
    dirs.push(fixture.dir);
    expect((await runReport(['leakage', '--month', '2026-13', '--config', fixture.config])).error).toBe('--month 2026-13: write the month as YYYY-MM, e.g. 2026-10');
    expect((await runReport(['leakage', '--month', '2026-10', '--format', 'xlsx,pdf', '--config', fixture.config])).error)
      .toMatch(/pdf: not a report format; choose from xlsx, html, csv/);
  });

  it("uses the month end as the as-of, or now while the month is not over, unless --as-of is given", () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(reportAsOf('2026-10', undefined, now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(reportAsOf('2026-12', undefined, now)).toBe(now);
    expect(reportAsOf('2026-11', undefined, now)).toBe(now);
    expect(reportAsOf('2025-12', undefined, now).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    const given = new Date('2026-10-31T18:00:00Z');
    expect(reportAsOf('2026-10', given, now)).toBe(given);
  });
});
