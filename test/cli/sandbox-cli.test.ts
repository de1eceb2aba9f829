import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/pipeline-config.ts';
import { createHubspotClient } from '../../systems/clients/hubspot-client.ts';
import { connectSalesforce } from '../../systems/clients/salesforce-connection.ts';
import { createNetsuiteClient, suiteqlPage } from '../../systems/clients/netsuite-client.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { CLI, closeloop } from '../support/closeloop-cli.ts';
import { defaultSandboxOptions } from '../../sandbox/sandbox-options.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  dirs.push(dir);
  return dir;
}


describe('closeloop sandbox (as a user runs it)', () => {
  it('generate writes the dataset folder and truth.json', async () => {
    const out = path.join(await tempDir(), 'data');
    const result = await closeloop(['sandbox', 'generate', '--out', out, '--companies', '120', '--seed', '3', '--as-of', '2026-11-01']);
    expect(result.code, result.stderr).toBe(0);
    for (const file of ['salesforce/Account.ndjson', 'hubspot/deals.ndjson', 'netsuite/transaction.ndjson', 'truth.json']) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(out, 'truth.json'), 'utf8')).as_of).toBe('2026-11-01');
  });

  it('serve answers the official clients through the config it writes, and stops on SIGTERM', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    expect((await closeloop(['sandbox', 'generate', '--out', data, '--companies', '60', '--as-of', '2026-11-01'])).code).toBe(0);
    const configFile = path.join(dir, 'closeloop.json');
    const child = spawn(process.execPath, [CLI, 'sandbox', 'serve', '--data', data, '--config-out', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Serving until stopped')) resolve();
      });
      child.on('close', () => reject(new Error(`serve exited early: ${out}`)));
    });
    const config = readFileSync(configFile, 'utf8');
    const secrets = defaultSandboxOptions();
    for (const value of [secrets.salesforce.clientSecret, secrets.salesforce.password, secrets.hubspot.accessToken, secrets.netsuite.tokenSecret]) {
      expect(config).not.toContain(value);
    }
    expect(statSync(path.join(dir, 'closeloop.env')).mode & 0o077).toBe(0);
    const { config: parsed, secret } = loadConfig(configFile, {});
    const conn = await connectSalesforce(parsed.sources.salesforce!, secret);
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBeGreaterThan(0);
    const hubspot = createHubspotClient(parsed.sources.hubspot!, secret);
    expect((await hubspot.crm.companies.basicApi.getPage(5)).results.length).toBeGreaterThan(0);
    const netsuite = createNetsuiteClient(parsed.sources.netsuite!, secret);
    expect((await suiteqlPage(netsuite, 'SELECT id FROM customer', 5, 0)).totalResults).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('serve refuses a malformed dataset, naming the file, line and field', async () => {
    const data = path.join(await tempDir(), 'mine');
    await mkdir(path.join(data, 'netsuite'), { recursive: true });
    await writeFile(path.join(data, 'netsuite/transaction.ndjson'), '{"id":1,"trandate":"2024-01-05"}\n{"id":2,"trandate":"yesterday"}\n');
    const result = await closeloop(['sandbox', 'serve', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('netsuite/transaction.ndjson line 2, field "trandate": expected a date');
  });

  it('demo extracts the generated company into a warehouse, and a second demo lands nothing new', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'demo-data');
    const first = await closeloop(['demo', '--data', data, '--companies', '80', '--as-of', '2026-11-01']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toContain(`into ${path.join(dir, 'warehouse.duckdb')}: ok`);
    const landed = (out: string, stream: string): number => Number(new RegExp(`${stream}\\s+\\d+\\s+(\\d+)`).exec(out)?.[1]);
    expect(landed(first.stdout, 'netsuite/transactionline')).toBeGreaterThan(0);
    expect(landed(first.stdout, 'salesforce/Account')).toBeGreaterThan(0);

    const second = await closeloop(['demo', '--data', data]);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    expect(landed(second.stdout, 'netsuite/transactionline')).toBe(0);
    expect(landed(second.stdout, 'salesforce/Account')).toBe(0);
  });
});
