import type { Connection } from 'jsforce';
import type { SalesforceSourceConfig } from '../../config/pipeline-config.ts';
import { connectSalesforce } from '../../systems/clients/salesforce-connection.ts';
import type { ApiCaller, QuotaUsage, ReadContext, SourceConnector, StreamDescription, StreamPage } from '../extract-types.ts';
import { SALESFORCE_STREAMS, describeStream, sourceFieldOf } from './salesforce-describe.ts';
import { keysetFromCursor } from './salesforce-keyset.ts';
import { countRecords, readRestKeyset } from './rest-keyset-reader.ts';
import { readBulkFullLoad } from './bulk-full-load.ts';
import type { SalesforceReadPlan } from './salesforce-read-plan.ts';
import { explainLoginError } from './salesforce-login-errors.ts';
import { callerManagedRetries, deferClientRetries } from '../../systems/clients/salesforce-client-retries.ts';

export interface SalesforceConnectorOptions {
  /**
   * A first full load of an object with at least this many records goes through Bulk API 2.0
   * (default 1,000,000). jsforce reads a bulk results page whole and cannot read several, so a bulk
   * load holds the object's CSV in memory; below this size REST pages keep memory flat at a cost of
   * one API call per 2,000 records.
   */
  bulkThreshold?: number;
  /** Records per landed page (default 2,000: one REST query batch). */
  pageSize?: number;
  /** How far before the cursor an incremental read starts, to catch late commits (default 30 s). */
  lookbackSeconds?: number;
  /** Objects to read (default Account, Opportunity, OpportunityLineItem, User). */
  streams?: string[];
  /** How often a bulk query job is polled (default 1,000 ms). */
  bulkPollIntervalMs?: number;
  /** How long a bulk query job may run before the read fails (default 10 minutes). */
  bulkPollTimeoutMs?: number;
  /** Keep jsforce's own retries inside read() too (default false: the ApiCaller retries, see client-retries.ts). */
  clientRetries?: boolean;
}

type Settings = Required<SalesforceConnectorOptions>;

const DEFAULTS: Settings = {
  bulkThreshold: 1_000_000,
  pageSize: 2_000,
  lookbackSeconds: 30,
  streams: [...SALESFORCE_STREAMS],
  bulkPollIntervalMs: 1_000,
  bulkPollTimeoutMs: 600_000,
  clientRetries: false,
};

/** Salesforce through jsforce: describe, REST keyset increments, Bulk API 2.0 first loads. */
export function createSalesforceConnector(source: SalesforceSourceConfig, secret: (name: string) => string, options: SalesforceConnectorOptions = {}): SourceConnector {
  const settings = resolveSettings(options);
  let current: Connection | undefined;
  let connecting: Promise<Connection> | undefined;

  const connection = (api?: ApiCaller): Promise<Connection> => {
    // The ApiCaller sees jsforce's own error (to judge retries); the explanation is added after it.
    const login = async (): Promise<Connection> => {
      const conn = await connectSalesforce(source, secret);
      return settings.clientRetries ? conn : deferClientRetries(conn);
    };
    connecting ??= (api ? api.call({ method: 'POST', endpoint: '/services/oauth2/token' }, login) : login()).then(
      (conn) => (current = conn),
      (error: unknown) => {
        connecting = undefined;
        throw explainLoginError(source, error);
      },
    );
    return connecting;
  };

  return {
    source: 'salesforce',
    async testConnection(): Promise<void> {
      const conn = await connection();
      try {
        await conn.limits();
      } catch (error) {
        throw new Error(`Salesforce: logged in to ${conn.instanceUrl} but GET /limits failed (${(error as Error).message}); check that the integration user has the "API Enabled" permission`, { cause: error });
      }
    },
    async describe(): Promise<StreamDescription[]> {
      const conn = await connection();
      const described: StreamDescription[] = [];
      for (const object of settings.streams) {
        const result = await conn.describe(object).catch((error: unknown) => {
          throw new Error(`Salesforce: describe ${object} failed (${(error as Error).message}); check the object name in the streams setting and the integration user's object permissions`, { cause: error });
        });
        described.push(describeStream(object, result.fields));
      }
      return described;
    },
    async *read(stream: StreamDescription, ctx: ReadContext): AsyncGenerator<StreamPage> {
      const api = settings.clientRetries ? ctx.api : callerManagedRetries(ctx.api);
      const conn = await connection(api);
      const plan: SalesforceReadPlan = {
        conn,
        stream,
        fields: stream.columns.map(sourceFieldOf),
        api,
        signal: ctx.signal,
        pageSize: settings.pageSize,
        lookbackSeconds: settings.lookbackSeconds,
        bulkPollIntervalMs: settings.bulkPollIntervalMs,
        bulkPollTimeoutMs: settings.bulkPollTimeoutMs,
      };
      const start = keysetFromCursor(ctx.cursor);
      if (!start && (await countRecords(plan)) >= settings.bulkThreshold) {
        yield* readBulkFullLoad(plan);
        return;
      }
      yield* readRestKeyset(plan, start);
    },
    quota(): QuotaUsage | undefined {
      const usage = current?.limitInfo.apiUsage;
      return usage ? { used: usage.used, limit: usage.limit } : undefined;
    },
  };
}

function resolveSettings(options: SalesforceConnectorOptions): Settings {
  const settings: Settings = { ...DEFAULTS, ...definedOnly(options) };
  const unknown = settings.streams.filter((s) => !(SALESFORCE_STREAMS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`Salesforce: unknown stream(s) ${unknown.join(', ')}; the connector reads ${SALESFORCE_STREAMS.join(', ')}`);
  if (!Number.isInteger(settings.pageSize) || settings.pageSize < 1) throw new Error(`Salesforce: pageSize must be a positive whole number, got ${settings.pageSize}`);
  if (!(settings.lookbackSeconds >= 0)) throw new Error(`Salesforce: lookbackSeconds must be zero or more, got ${settings.lookbackSeconds}`);
  return settings;
}

function definedOnly(options: SalesforceConnectorOptions): Partial<Settings> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<Settings>;
}
