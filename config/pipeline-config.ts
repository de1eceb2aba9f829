import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { z } from 'zod';
import { registerSecrets } from '../ops/secret-redaction.ts';
import { rejectInlineSecrets } from './inline-secrets.ts';

/** Names an environment variable that holds a secret; the config file never holds the secret itself. */
const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be the NAME of an environment variable (upper case), not a value');

const salesforceSource = z.strictObject({
  loginUrl: z.url(),
  apiVersion: z.string().regex(/^\d+\.\d$/, 'must look like 62.0').default('62.0'),
  clientIdEnv: envName,
  clientSecretEnv: envName,
  usernameEnv: envName.optional(),
  passwordEnv: envName.optional(),
  /** First full loads of objects at least this large use Bulk API 2.0 (default 1,000,000; see the Salesforce connector). */
  bulkThreshold: z.number().int().positive().optional(),
});

const hubspotSource = z.strictObject({
  baseUrl: z.url().default('https://api.hubapi.com'),
  accessTokenEnv: envName,
  /** The app's burst limit (HubSpot: 100 on Free/Starter, 190 on Pro/Enterprise, 250 with the API add-on). */
  requestsPerTenSeconds: z.number().int().positive().default(100),
  /** Daily request limit of the account, for the quota stop (250,000 on Free/Starter, 625,000 Pro, 1,000,000 Enterprise). */
  dailyLimit: z.number().int().positive().default(250_000),
});

const netsuiteSource = z.strictObject({
  accountId: z.string().regex(/^[0-9A-Z_]+$/, 'must be the NetSuite account id, e.g. 1234567_SB1'),
  baseUrl: z.url().optional(),
  timeZone: z.string().default('America/Los_Angeles'),
  consumerKeyEnv: envName,
  consumerSecretEnv: envName,
  tokenIdEnv: envName,
  tokenSecretEnv: envName,
});

export const pipelineConfigSchema = z.strictObject({
  /** Env file loaded before secrets are read (relative to the config file); real env vars win. */
  envFile: z.string().optional(),
  warehouse: z.strictObject({
    path: z.string(),
    /** DuckDB's memory limit for the run (e.g. "4GB"); beyond it DuckDB spills to disk. Default: DuckDB's, 80% of RAM. */
    memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be an amount such as "4GB" or "512MiB"').optional(),
  }).default({ path: '.closeloop/warehouse.duckdb' }),
  /** Leakage rules (mart.leakage): invoicing SLA in days, amount tolerance max(percent of the deal, floor). */
  leakage: z.strictObject({
    invoicingSlaDays: z.number().int().min(0).default(30),
    tolerancePercent: z.number().min(0).max(100).default(2),
    toleranceFloor: z.number().min(0).default(50),
  }).default({ invoicingSlaDays: 30, tolerancePercent: 2, toleranceFloor: 50 }),
  /** Where each run writes the month-to-date leakage report (relative to the config file), one folder per month. */
  reports: z.strictObject({ outDir: z.string().default('reports-out') }).default({ outDir: 'reports-out' }),
  /** The write-back to the CRM (closeloop reverse, the run's reverse stage). */
  reverse: z.strictObject({
    /** Mart columns (e.g. "oldest_overdue_due_date") whose NULL is sent to clear the CRM field; by default a NULL never overwrites a value. */
    clearWhenNull: z.array(z.string()).default([]),
    /** Salesforce: more changed records of one object than this go through Bulk API 2.0 instead of sObject Collections. */
    salesforceBulkThreshold: z.number().int().positive().default(2000),
    /** Salesforce: records per Bulk API 2.0 ingest job. */
    salesforceBulkJobSize: z.number().int().positive().max(150_000).default(10_000),
    /** Attempts per record within one run for retriable failures (row locks, rate limits); the rest wait for the next run. */
    maxAttempts: z.number().int().min(1).max(10).default(4),
    /** Write requests of one CRM object in flight at once. */
    concurrency: z.number().int().min(1).max(16).default(4),
  }).default({ clearWhenNull: [], salesforceBulkThreshold: 2000, salesforceBulkJobSize: 10_000, maxAttempts: 4, concurrency: 4 }),
  /** `closeloop schedule`: when the nightly run starts (a cron expression read in an IANA time zone). */
  schedule: z.strictObject({
    cron: z.string().default('0 2 * * *'),
    timeZone: z.string().default('UTC'),
    /** On start, run at once when the last scheduled slot was missed (the machine was down). */
    catchUp: z.boolean().default(true),
  }).default({ cron: '0 2 * * *', timeZone: 'UTC', catchUp: true }),
  /** The analysts' copy: a read-only DuckDB file and Parquet exports of the marts, replaced atomically after each run. */
  publish: z.strictObject({
    /** Folder (relative to the config file) holding `closeloop.duckdb` and `parquet/`. */
    dir: z.string().default('published'),
    parquet: z.boolean().default(true),
  }).default({ dir: 'published', parquet: true }),
  /** Alerts to a Slack-compatible webhook (its URL is a secret: the NAME of the environment variable holding it). */
  alerts: z.strictObject({
    webhookUrlEnv: envName.optional(),
    /** A source not extracted successfully for this long is stale (alert, and `closeloop status` exits non-zero). */
    staleAfterHours: z.number().positive().default(36),
    /** Alert when a run adds more than this many dead letters. */
    deadLetterGrowth: z.number().int().min(0).default(0),
  }).default({ staleAfterHours: 36, deadLetterGrowth: 0 }),
  sources: z.strictObject({
    salesforce: salesforceSource.optional(),
    hubspot: hubspotSource.optional(),
    netsuite: netsuiteSource.optional(),
  }),
});

export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
export type SalesforceSourceConfig = z.infer<typeof salesforceSource>;
export type HubspotSourceConfig = z.infer<typeof hubspotSource>;
export type NetsuiteSourceConfig = z.infer<typeof netsuiteSource>;

export interface LoadedConfig {
  file: string;
  config: PipelineConfig;
  /** Reads a secret named by the config; throws a clear error naming the variable when it is unset. */
  secret(name: string): string;
}

/** Reads and validates a pipeline config file; every mistake is listed with its path in the file. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  if (!existsSync(file)) throw new Error(`Config file ${file} not found. Create one, or run \`closeloop sandbox serve --config-out ${file}\` for the sandbox.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Config file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  rejectInlineSecrets(file, raw);
  const parsed = pipelineConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n');
    throw new Error(`Config file ${file} has ${parsed.error.issues.length} problem(s):\n${problems}`);
  }
  const config = parsed.data;
  const fromFile = config.envFile ? readEnvFile(path.resolve(path.dirname(file), config.envFile)) : {};
  return {
    file,
    config,
    secret(name: string): string {
      const value = env[name] ?? fromFile[name];
      if (!value) throw new Error(`Environment variable ${name} is not set (named in ${file}). Set it in the environment${config.envFile ? ` or in ${config.envFile}` : ''}.`);
      registerSecrets([value]);
      return value;
    },
  };
}

function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) throw new Error(`Env file ${file} (envFile in the config) not found.`);
  return parseEnv(readFileSync(file));
}
