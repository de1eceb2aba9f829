import type { Client } from '@hubspot/api-client';
import { createHubspotClient } from '../../systems/clients/hubspot-client.ts';
import type { HubspotSourceConfig } from '../../config/pipeline-config.ts';
import type { QuotaUsage, ReadContext, SourceConnector, StreamDescription, StreamPage } from '../extract-types.ts';
import { streamColumns, type HubspotPropertyInfo } from './hubspot-columns.ts';
import { HubspotGateway } from './hubspot-gateway.ts';
import { HubspotStreamReader, type HubspotReadOptions } from './hubspot-stream-reader.ts';
import { Pacer, UsageMeter } from '../../systems/clients/hubspot-usage-meter.ts';

export const HUBSPOT_STREAMS = ['companies', 'deals', 'line_items'] as const;

export interface HubspotConnectorOptions extends Partial<HubspotReadOptions> {
  streams?: string[];
  /** Daily API call budget the quota share is computed against (HubSpot's private-app default tier: 250,000). */
  dailyLimit?: number;
  /** Search calls per second (HubSpot allows 5 per account; 4 leaves room for other tools). */
  searchPerSecond?: number;
}

const REQUIRED_SCOPES = 'crm.objects.companies.read, crm.objects.deals.read, crm.objects.line_items.read';

/**
 * HubSpot through @hubspot/api-client. The client is built here with the SDK's own retries off:
 * the run's ApiCaller retries (with backoff, Retry-After and a record of every attempt), and SDK
 * retries underneath would hide attempts from meta.api_calls. The SDK's rate limiter stays on.
 */
export function createHubspotConnector(
  source: HubspotSourceConfig, secret: (name: string) => string, options: HubspotConnectorOptions = {},
): SourceConnector {
  const streams = options.streams ?? [...HUBSPOT_STREAMS];
  const unknown = streams.filter((s) => !(HUBSPOT_STREAMS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`HubSpot streams ${unknown.join(', ')} are not supported; choose from ${HUBSPOT_STREAMS.join(', ')}.`);
  const readOptions: HubspotReadOptions = {
    pageSize: Math.min(options.pageSize ?? 200, 200),
    listPageSize: Math.min(options.listPageSize ?? 100, 100),
    windowCap: Math.min(options.windowCap ?? 10_000, 10_000),
    settleMs: options.settleMs ?? 30_000,
    listLookbackMs: options.listLookbackMs ?? 5 * 60_000,
  };
  const meter = new UsageMeter(options.dailyLimit ?? source.dailyLimit);
  const searchPacer = new Pacer(options.searchPerSecond ?? 4);
  let client: Client | undefined;
  const sdk = (): Client => (client ??= createHubspotClient(source, secret));

  return {
    source: 'hubspot',

    async testConnection(): Promise<void> {
      try {
        meter.count();
        await sdk().crm.companies.basicApi.getPage(1);
      } catch (error) {
        throw connectionError(error, source);
      }
    },

    async describe(): Promise<StreamDescription[]> {
      const descriptions: StreamDescription[] = [];
      for (const objectType of streams) {
        meter.count();
        const answer = await sdk().crm.properties.coreApi.getAll(objectType).catch((error: unknown) => {
          throw new Error(`HubSpot ${objectType}: reading its properties failed (${describeError(error)}). ${scopeHint(error, source)}`, { cause: error });
        });
        const properties: HubspotPropertyInfo[] = answer.results.map((p) => ({ name: p.name, type: p.type }));
        descriptions.push({ source: 'hubspot', stream: objectType, table: `hubspot__${objectType}`, primaryKey: 'id', columns: streamColumns(objectType, properties) });
      }
      return descriptions;
    },

    read(stream: StreamDescription, ctx: ReadContext): AsyncIterable<StreamPage> {
      const gateway = new HubspotGateway({ client: sdk(), api: ctx.api, meter, searchPacer, signal: ctx.signal });
      return new HubspotStreamReader(gateway, stream, ctx.cursor, readOptions).pages(ctx.signal);
    },

    quota(): QuotaUsage | undefined {
      return meter.usage();
    },
  };
}

function connectionError(error: unknown, source: HubspotSourceConfig): Error {
  const code = (error as { code?: unknown }).code;
  // A missing secret already says which variable to set.
  if (code === undefined && error instanceof Error && /environment variable/i.test(error.message)) return error;
  return new Error(`HubSpot connection test failed at ${source.baseUrl}: ${describeError(error)}. ${scopeHint(error, source)}`, { cause: error });
}

function scopeHint(error: unknown, source: HubspotSourceConfig): string {
  const code = (error as { code?: unknown }).code;
  if (code === 401) return `Check ${source.accessTokenEnv}: it must hold a valid private app access token with scopes ${REQUIRED_SCOPES}.`;
  if (code === 403) return `Give the private app the scopes ${REQUIRED_SCOPES}.`;
  if (typeof code === 'number') return 'Retry later; if it persists, check HubSpot status.';
  return `Check that sources.hubspot.baseUrl (${source.baseUrl}) is reachable.`;
}

function describeError(error: unknown): string {
  const e = error as { code?: unknown; body?: unknown; message?: unknown };
  if (typeof e.code === 'number') {
    const message = typeof e.body === 'object' && e.body !== null ? (e.body as { message?: unknown }).message : undefined;
    return `HTTP ${e.code}${typeof message === 'string' ? ` ${message}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
