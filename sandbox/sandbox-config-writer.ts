import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineConfig } from '../config/pipeline-config.ts';
import type { SandboxOptions } from './sandbox-options.ts';
import type { SystemName } from './dataset/dataset-schema.ts';

/** The environment variables through which the pipeline receives each credential. */
export const SANDBOX_ENV_NAMES = {
  salesforce: { clientId: 'SF_CLIENT_ID', clientSecret: 'SF_CLIENT_SECRET', username: 'SF_USERNAME', password: 'SF_PASSWORD' },
  hubspot: { accessToken: 'HUBSPOT_ACCESS_TOKEN' },
  netsuite: { consumerKey: 'NS_CONSUMER_KEY', consumerSecret: 'NS_CONSUMER_SECRET', tokenId: 'NS_TOKEN_ID', tokenSecret: 'NS_TOKEN_SECRET' },
} as const;

/** A pipeline config pointing at the running sandbox; secrets are named, never inlined. */
export function sandboxPipelineConfig(urls: Partial<Record<SystemName, string>>, options: SandboxOptions, envFile: string): PipelineConfig {
  const sf = SANDBOX_ENV_NAMES.salesforce;
  const ns = SANDBOX_ENV_NAMES.netsuite;
  return {
    envFile,
    warehouse: { path: 'warehouse.duckdb' },
    leakage: { invoicingSlaDays: 30, tolerancePercent: 2, toleranceFloor: 50 },
    reports: { outDir: 'reports-out' },
    reverse: { clearWhenNull: [], salesforceBulkThreshold: 2000, salesforceBulkJobSize: 10_000, maxAttempts: 4, concurrency: 4 },
    schedule: { cron: '0 2 * * *', timeZone: 'UTC', catchUp: true },
    publish: { dir: 'published', parquet: true },
    alerts: { staleAfterHours: 36, deadLetterGrowth: 0 },
    sources: {
      ...(urls.salesforce && {
        salesforce: { loginUrl: urls.salesforce, apiVersion: '62.0', clientIdEnv: sf.clientId, clientSecretEnv: sf.clientSecret, usernameEnv: sf.username, passwordEnv: sf.password },
      }),
      ...(urls.hubspot && {
        hubspot: {
          baseUrl: urls.hubspot, accessTokenEnv: SANDBOX_ENV_NAMES.hubspot.accessToken,
          requestsPerTenSeconds: options.hubspot.tenSecondLimit, dailyLimit: options.faults.dailyLimits.hubspot ?? options.hubspot.dailyLimit,
        },
      }),
      ...(urls.netsuite && {
        netsuite: {
          accountId: options.netsuite.accountId, baseUrl: urls.netsuite, timeZone: options.netsuite.timeZone,
          consumerKeyEnv: ns.consumerKey, consumerSecretEnv: ns.consumerSecret, tokenIdEnv: ns.tokenId, tokenSecretEnv: ns.tokenSecret,
        },
      }),
    },
  };
}

/** The sandbox's credentials as an env file, the same way an operator supplies real ones. */
export function sandboxEnvFile(options: SandboxOptions): string {
  const sf = SANDBOX_ENV_NAMES.salesforce;
  const ns = SANDBOX_ENV_NAMES.netsuite;
  const lines = [
    '# Credentials of the local closeloop sandbox (not real systems).',
    `${sf.clientId}=${options.salesforce.clientId}`,
    `${sf.clientSecret}=${options.salesforce.clientSecret}`,
    `${sf.username}=${options.salesforce.username}`,
    `${sf.password}=${options.salesforce.password}`,
    `${SANDBOX_ENV_NAMES.hubspot.accessToken}=${options.hubspot.accessToken}`,
    `${ns.consumerKey}=${options.netsuite.consumerKey}`,
    `${ns.consumerSecret}=${options.netsuite.consumerSecret}`,
    `${ns.tokenId}=${options.netsuite.tokenId}`,
    `${ns.tokenSecret}=${options.netsuite.tokenSecret}`,
  ];
  return lines.join('\n') + '\n';
}

/** Writes `<config>` and its env file beside it (owner-only permissions); returns the env file path. */
export async function writeSandboxConfig(
  configFile: string,
  urls: Partial<Record<SystemName, string>>,
  options: SandboxOptions,
): Promise<string> {
  const envFile = configFile.replace(/\.json$/, '') + '.env';
  const config = sandboxPipelineConfig(urls, options, path.basename(envFile));
  await mkdir(path.dirname(path.resolve(configFile)), { recursive: true, mode: 0o700 });
  await writeFile(envFile, sandboxEnvFile(options), { mode: 0o600 });
  // The config last: its appearance tells a script waiting for it that the env file is there too.
  await writeFile(configFile, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  return envFile;
}
