import { afterAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/pipeline-config.ts';
import { withWarehouseSession } from '../../cli/warehouse-session.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

async function configFile(content: unknown, env?: string): Promise<string> {
  const dir = await makeTempDir();
  dirs.push(dir);
  if (env !== undefined) await writeFile(path.join(dir, 'test.env'), env);
  const file = path.join(dir, 'closeloop.json');
  await writeFile(file, JSON.stringify(content));
  return file;
}

const hubspotOnly = { envFile: 'test.env', sources: { hubspot: { baseUrl: 'http://127.0.0.1:1', accessTokenEnv: 'HS_TOKEN' } } };

describe('loadConfig', () => {
  it('reads secrets from the environment first, then the env file', async () => {
    const file = await configFile(hubspotOnly, 'HS_TOKEN=from-file\n');
    expect(loadConfig(file, {}).secret('HS_TOKEN')).toBe('from-file');
    expect(loadConfig(file, { HS_TOKEN: 'from-env' }).secret('HS_TOKEN')).toBe('from-env');
  });

  it('defaults the leakage rules and rejects impossible ones with their path', async () => {
    expect(loadConfig(await configFile(hubspotOnly, ''), {}).config.leakage).toEqual({ invoicingSlaDays: 30, tolerancePercent: 2, toleranceFloor: 50 });
    const bad = await configFile({ ...hubspotOnly, leakage: { invoicingSlaDays: -1, tolerancePercent: 250 } }, '');
    expect(() => loadConfig(bad, {})).toThrow(/leakage\.invoicingSlaDays[\s\S]*leakage\.tolerancePercent/);
  });

  it('takes a DuckDB memory limit for the warehouse, and rejects one that is not an amount', async () => {
    const limited = await configFile({ ...hubspotOnly, warehouse: { path: 'w.duckdb', memoryLimit: '512MB' } }, '');
    const memory = await withWarehouseSession(limited, async (session) =>
      session.warehouse.withConnection(async (c) => String((await c.runAndReadAll("SELECT current_setting('memory_limit')")).getRows()[0]![0])));
    expect(memory).toBe('488.2 MiB');
    const bad = await configFile({ ...hubspotOnly, warehouse: { path: 'w.duckdb', memoryLimit: 'lots' } }, '');
    expect(() => loadConfig(bad, {})).toThrow(/warehouse\.memoryLimit.*4GB/);
  });

  it('names a missing secret variable and where to set it', async () => {
    const file = await configFile(hubspotOnly, '');
    expect(() => loadConfig(file, {}).secret('HS_TOKEN')).toThrow(/Environment variable HS_TOKEN is not set .* or in test.env/);
  });

  it('lists every mistake with its path, and refuses secrets written inline', async () => {
    const file = await configFile({
      sources: {
        hubspot: { baseUrl: 'not a url', accessTokenEnv: 'pat-na1-1234-secret-value' },
        netsuite: { accountId: '1234567_SB1' },
      },
    });
    const error = (() => {
      try {
        loadConfig(file, {});
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toMatch(/sources\.hubspot\.baseUrl/);
    expect(error).toMatch(/sources\.hubspot\.accessTokenEnv: must be the NAME of an environment variable/);
    expect(error).toMatch(/sources\.netsuite\.consumerKeyEnv/);
    expect(error).not.toContain('pat-na1-1234-secret-value');
  });
});
