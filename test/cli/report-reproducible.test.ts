import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SYSTEMS } from '../../sandbox/all-systems.ts';
import { generateDataset } from '../../sandbox/generator/generate-dataset.ts';
import { writeSandboxConfig } from '../../sandbox/sandbox-config-writer.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server.ts';
import { sandboxClients } from '../extract/extract-support.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

let dir = '';
let config = '';
let sandbox: RunningSandbox;

async function run(args: string[]): Promise<string> {
  const result = await closeloop([...args, '--config', config]);
  // A run may finish with warnings (2): customer pairs wait for review.
  expect([0, 2], `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toContain(result.code);
  return result.stdout;
}

async function report(month: string, asOf: string, out: string): Promise<{ csv: string; html: string; sheets: string[][][] }> {
  const folder = path.join(dir, out);
  await run(['report', 'leakage', '--month', month, '--as-of', asOf, '--out', folder]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(folder, `leakage-${month}.xlsx`));
  const sheets = workbook.worksheets.map((sheet) => sheet.getSheetValues().map((row) => (Array.isArray(row) ? row.map((v) => JSON.stringify(v ?? null)) : [])));
  return {
    csv: await readFile(path.join(folder, `leakage-${month}-detail.csv`), 'utf8'),
    html: await readFile(path.join(folder, `leakage-${month}.html`), 'utf8'),
    sheets,
  };
}

beforeAll(async () => {
  dir = await makeTempDir('closeloop-report-');
  const data = path.join(dir, 'data');
  await generateDataset({ out: data, companies: 300, seed: 3, asOf: new Date().toISOString().slice(0, 10) });
  sandbox = await startSandbox({ dataDir: data, systems: ALL_SYSTEMS });
  config = path.join(dir, 'closeloop.json');
  await writeSandboxConfig(config, sandbox.urls, sandbox.options);
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  if (dir) await removeDir(dir);
});

describe('closeloop report leakage --as-of', () => {
  it('reproduces a month\'s report from the snapshots after later runs changed the data', async () => {
    await run(['run', '--stages', 'extract,build']);
    const asOf = new Date().toISOString();
    // A won deal with invoices, edited after the report was made: its amount triples.
    const sf = await sandboxClients(sandbox).salesforce();
    const won = await sf.query<{ Id: string; Amount: number; CloseDate: string }>(
      "SELECT Id, Amount, CloseDate FROM Opportunity WHERE IsWon = true AND Amount > 1000 ORDER BY CloseDate DESC LIMIT 1");
    const deal = won.records[0]!;
    const month = deal.CloseDate.slice(0, 7);
    const atTheTime = await report(month, asOf, 'first');

    await sf.sobject('Opportunity').update({ Id: deal.Id, Amount: deal.Amount * 3 });
    await run(['run', '--stages', 'extract,build']);

    const later = await report(month, asOf, 'again');
    expect(later.csv).toBe(atTheTime.csv);
    expect(later.html).toBe(atTheTime.html);
    expect(later.sheets).toEqual(atTheTime.sheets);

    const now = await report(month, new Date().toISOString(), 'now');
    expect(now.csv).not.toBe(atTheTime.csv);
    expect(now.csv).toContain(deal.Id);
  }, 180_000);
});
