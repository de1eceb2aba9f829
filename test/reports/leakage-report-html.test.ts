import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDecimal } from '../../reports/decimal-text.ts';
import { removeDir } from '../support/dataset-files.ts';
import { findChromium, renderInChromium, type RenderedPage } from './headless-chromium.ts';
import { reportFixture, type ReportFixture } from './report-fixture.ts';
import { runReport } from './run-report.ts';

const chromium = findChromium();
const skip = chromium === null && !process.env.CI;
if (skip) console.warn('Skipping the headless Chromium test of the HTML report: chromium is not installed (apt-get install chromium; CI installs it and always runs the test).');

let fixture: ReportFixture;
let out: string;
beforeAll(async () => {
  fixture = await reportFixture({ bulkFindings: 500 });
  out = path.join(fixture.dir, 'out');
  const result = await runReport(['leakage', '--month', '2026-10', '--out', out, '--config', fixture.config]);
  expect(result.exitCode, result.error).toBe(0);
});
afterAll(async () => {
  if (fixture) await removeDir(fixture.dir);
});

interface Totals { count: string; amount: string; gap: string }

/** The summary's lines as the page shows them: key → displayed count, amount and gap. */
function pageSummary(dom: string): Map<string, Totals> {
  const table = /<table id="summary">([\s\S]*?)<\/table>/.exec(dom)?.[1] ?? '';
  const lines = new Map<string, Totals>();
  for (const [, key, cells] of table.matchAll(/<tr data-key="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)) {
    const field = (name: string): string => new RegExp(`data-field="${name}"[^>]*>([^<]*)<`).exec(cells!)?.[1] ?? '';
    lines.set(key!, { count: field('count'), amount: field('amount'), gap: field('gap') });
  }
  return lines;
}

/** The same lines from the workbook's Summary sheet, formatted as the page formats them. */
async function workbookSummary(): Promise<Map<string, Totals>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(out, 'leakage-2026-10.xlsx'));
  const lines = new Map<string, Totals>();
  let inTable = false;
  workbook.getWorksheet('Summary')!.eachRow((row) => {
    if (row.getCell(1).value === 'Category') inTable = true;
    else if (inTable) {
      const money = (c: number): string => formatDecimal((row.getCell(c).value as number).toFixed(2));
      lines.set(String(row.getCell(2).value), { count: String(row.getCell(4).value), amount: money(5), gap: money(6) });
    }
  });
  return lines;
}

describe.skipIf(skip)('closeloop report leakage: HTML page in headless Chromium', () => {
  let page: RenderedPage;
  beforeAll(async () => {
    if (chromium === null) throw new Error('chromium is not installed; .ci/run installs it (apt-get install -y chromium).');
    page = await renderInChromium(chromium, path.join(out, 'leakage-2026-10.html'));
  });

  it('renders with no console messages at all (the page has no scripts, so any message is an error)', () => {
    expect(page.consoleMessages).toEqual([]);
    expect(page.dom).toContain('Summary by category');
    expect(page.dom.match(/<svg /g)?.length).toBe(3);
  });

  it('shows the summary totals the workbook shows, line by line', async () => {
    const shown = pageSummary(page.dom);
    const workbook = await workbookSummary();
    expect(shown.size).toBe(10);
    expect(shown).toEqual(workbook);
    expect(shown.get('total_leakage')).toEqual({ count: '408', amount: workbook.get('total_leakage')!.amount, gap: workbook.get('total_leakage')!.gap });
  });

  it('notices console errors (the check above can fail)', async () => {
    const broken = path.join(out, 'broken.html');
    await writeFile(broken, '<!DOCTYPE html><html><body><p>x</p><script>console.error("broken page")</script></body></html>');
    const rendered = await renderInChromium(chromium!, broken);
    expect(rendered.consoleMessages.join('\n')).toContain('broken page');
  });
});

describe('closeloop report leakage: HTML file', () => {
  it('is self-contained: no scripts, no links, nothing fetched from the network', async () => {
    const html = await readFile(path.join(out, 'leakage-2026-10.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('<table id="bridge">');
  });
});
