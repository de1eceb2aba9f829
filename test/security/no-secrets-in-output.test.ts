import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { parseFaultSpec, type FaultSpec } from '../../sandbox/faults/fault-spec.ts';
import type { RunningSandbox, SandboxOverrides } from '../../sandbox/sandbox-server.ts';
import { SANDBOX_ENV_NAMES } from '../../sandbox/sandbox-config-writer.ts';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { sandboxForExtract } from '../extract/extract-support.ts';

/**
 * "No credential or token in any log line or error": real commands in child processes against the
 * sandbox, normal runs, runs with each system's credentials wrong, runs under API faults. Every value
 * of the env file (the right ones and the wrong ones) is searched for in stdout, stderr and the
 * warehouse's meta tables, in every spelling it takes on the wire.
 */

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

type System = keyof typeof SANDBOX_ENV_NAMES;
const SYSTEMS: readonly System[] = ['salesforce', 'hubspot', 'netsuite'];

/** Credentials unlike anything else a run prints, so a plain substring search finds any leak. */
function uniqueCredentials(): SandboxOverrides {
  const id = (): string => randomUUID().replace(/-/g, '');
  return {
    salesforce: { clientId: `3MVG9${id()}`, clientSecret: `sfsecret${id()}`, username: `svc-${id()}@closeloop.sandbox`, password: `Pw!${id()} x/y` },
    hubspot: { accessToken: `pat-na1-${randomUUID()}` },
    netsuite: { consumerKey: `ck${id()}`, consumerSecret: `cs${id()}`, tokenId: `ti${id()}`, tokenSecret: `ts&${id()}` },
  };
}

function envFileOf(configFile: string): string {
  return configFile.replace(/\.json$/, '.env');
}

/** Every value in an env file, in the spellings a client puts on the wire. */
function secretsIn(envFile: string): string[] {
  const values = Object.values(parseEnv(readFileSync(envFile)));
  return values.flatMap((v) => [v, encodeURIComponent(v), new URLSearchParams({ v }).toString().slice(2), Buffer.from(v).toString('base64')]);
}

/** A copy of the config whose env file gives `system` wrong credentials (fresh values, also never to be printed). */
function configWithWrongCredentials(configFile: string, system: System): { configFile: string; envFile: string } {
  const env = parseEnv(readFileSync(envFileOf(configFile)));
  for (const name of Object.values(SANDBOX_ENV_NAMES[system])) env[name] = `wrong${randomUUID().replace(/-/g, '')}`;
  const wrongEnv = path.join(path.dirname(configFile), `wrong-${system}.env`);
  writeFileSync(wrongEnv, Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  const wrongConfig = path.join(path.dirname(configFile), `wrong-${system}.json`);
  writeFileSync(wrongConfig, JSON.stringify({ ...config, envFile: path.basename(wrongEnv) }), { mode: 0o600 });
  return { configFile: wrongConfig, envFile: wrongEnv };
}

/** The text a run leaves where operators look: meta tables holding errors, warnings and stage detail. */
async function metaText(warehouseFile: string): Promise<string> {
  const warehouse = await openWarehouse(warehouseFile, { readOnly: true });
  try {
    return await warehouse.withConnection(async (connection) => {
      const queries = [
        'SELECT coalesce(string_agg(error, chr(10)), \'\') FROM meta.api_calls',
        'SELECT coalesce(string_agg(warnings::VARCHAR || stages::VARCHAR, chr(10)), \'\') FROM meta.runs',
        'SELECT coalesce(string_agg(coalesce(error_code, \'\') || coalesce(error_message, \'\'), chr(10)), \'\') FROM meta.sync_log',
        'SELECT coalesce(string_agg(reason_code || message, chr(10)), \'\') FROM meta.dead_letter',
        'SELECT coalesce(string_agg(coalesce(detail, \'\'), chr(10)), \'\') FROM meta.dq_exceptions',
      ];
      const texts: string[] = [];
      for (const query of queries) texts.push(String((await connection.runAndReadAll(query)).getRows()[0]![0]));
      return texts.join('\n');
    });
  } finally {
    await warehouse.close();
  }
}

/** Fails naming where a secret turned up (and the text around it, the secret itself masked). */
function expectNoSecrets(where: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    const at = text.indexOf(secret);
    if (at >= 0) {
      const context = text.slice(Math.max(0, at - 160), at + secret.length + 80).split(secret).join('<SECRET>');
      expect.fail(`a credential appears in ${where}: …${context}…`);
    }
  }
  expect(text, where).not.toMatch(/Bearer\s+(?!\[redacted\])[A-Za-z0-9]/);
  expect(text, where).not.toMatch(/oauth_signature="?(?!\[redacted\])[A-Za-z0-9%]/);
}

interface Scenario {
  readonly sandbox: RunningSandbox;
  readonly configFile: string;
  readonly warehouseFile: string;
  readonly secrets: string[];
}

async function scenario(faults?: FaultSpec): Promise<Scenario> {
  const dir = await makeTempDir('closeloop-secrets-');
  cleanup.push(() => removeDir(dir));
  const { sandbox, configFile } = await sandboxForExtract(dir, { ...uniqueCredentials(), ...(faults && { faults }) }, 40);
  cleanup.push(() => sandbox.close());
  expect(Object.keys(parseEnv(readFileSync(envFileOf(configFile)))), 'every credential of the three systems').toHaveLength(9);
  return { sandbox, configFile, warehouseFile: path.join(dir, 'warehouse.duckdb'), secrets: secretsIn(envFileOf(configFile)) };
}

async function runAndCheck(label: string, args: string[], secrets: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const result = await closeloop(args);
  expectNoSecrets(`${label} stdout`, result.stdout, secrets);
  expectNoSecrets(`${label} stderr`, result.stderr, secrets);
  return result;
}

describe('no credential or token in any output, error or meta table', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario();
  });

  it('a normal run: extract, build and write back', async () => {
    const result = await runAndCheck('run', ['run', '--config', s.configFile, '--stages', 'extract,build,reverse'], s.secrets);
    // 2: finished with warnings (customer pairs waiting for review are one).
    expect([0, 2], result.stdout.slice(-3000) + result.stderr).toContain(result.code);
    expect(result.stdout).toMatch(/salesforce Account: \d+ of \d+ records updated/);
    expectNoSecrets('the meta tables', await metaText(s.warehouseFile), s.secrets);
  }, 180_000);

  for (const system of SYSTEMS) {
    it(`runs with wrong ${system} credentials fail readably without printing either the wrong or the right ones`, async () => {
      const wrong = configWithWrongCredentials(s.configFile, system);
      const secrets = [...s.secrets, ...secretsIn(wrong.envFile)];
      const check = await runAndCheck(`extract --check (${system})`, ['extract', '--config', wrong.configFile, '--check'], secrets);
      expect(check.code).toBe(1);
      const run = await runAndCheck(`run (${system})`, ['run', '--config', wrong.configFile, '--stages', 'extract,build,reverse'], secrets);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toMatch(new RegExp(system));
      const reverse = await runAndCheck(`run reverse (${system})`, ['run', '--config', wrong.configFile, '--stages', 'reverse'], secrets);
      // The write-back talks to the CRMs only: wrong NetSuite credentials do not stop it.
      if (system !== 'netsuite') expect(reverse.code, reverse.stdout + reverse.stderr).toBe(1);
      expectNoSecrets('the meta tables', await metaText(s.warehouseFile), secrets);
    }, 180_000);
  }
});

describe('no credential or token in the output of runs under API faults', () => {
  it('a run through throttling, server errors, resets and Salesforce row locks', async () => {
    const s = await scenario(parseFaultSpec('429=0.04,5xx=0.06,reset=0.03,salesforce.lock=0.3,seed=9'));
    const result = await runAndCheck('run with faults', ['run', '--config', s.configFile, '--stages', 'extract,build,reverse'], s.secrets);
    expect([0, 2], result.stdout + result.stderr).toContain(result.code);
    const meta = await metaText(s.warehouseFile);
    expect(meta, 'the faults left errors in meta.api_calls').toMatch(/HTTP 5\d\d|ECONNRESET|socket hang up|429|UNABLE_TO_LOCK_ROW/);
    expectNoSecrets('the meta tables', meta, s.secrets);
  }, 300_000);
});
