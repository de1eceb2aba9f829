import type { LoadedConfig } from '../config/pipeline-config.ts';
import { RecordingApiCaller, type ApiCallerOptions, type ApiCallRow } from '../systems/api/api-caller.ts';
import { createHubspotClient } from '../systems/clients/hubspot-client.ts';
import { UsageMeter } from '../systems/clients/hubspot-usage-meter.ts';
import { callerManagedRetries, deferClientRetries } from '../systems/clients/salesforce-client-retries.ts';
import { connectSalesforce } from '../systems/clients/salesforce-connection.ts';
import type { CrmWriter } from './crm-writer.ts';
import { hubspotWriter } from './hubspot-writer.ts';
import { salesforceWriter } from './salesforce-writer.ts';

export interface CrmWriters {
  readonly writers: readonly CrmWriter[];
  /** API calls made since the last take, every writer's. */
  takeCalls(): ApiCallRow[];
}

/** Caller settings a test may tighten (fast retries); the rest come from the config. */
export type CallerOverrides = Partial<Omit<ApiCallerOptions, 'runId' | 'source' | 'quota'>>;

/** A writer for each CRM the config names, each behind its own recording ApiCaller. */
export async function createCrmWriters(
  loaded: LoadedConfig, runId: string, overrides: CallerOverrides = {}, usage: { hubspotCallsToday?: number } = {},
): Promise<CrmWriters> {
  const { sources, reverse } = loaded.config;
  const writers: CrmWriter[] = [];
  const callers: RecordingApiCaller[] = [];
  if (sources.salesforce) {
    const source = sources.salesforce;
    const conn = deferClientRetries(await connectSalesforce(source, loaded.secret));
    const quota = () => conn.limitInfo?.apiUsage;
    const caller = new RecordingApiCaller({ ...overrides, runId, source: 'salesforce', quota });
    callers.push(caller);
    writers.push(salesforceWriter(conn, callerManagedRetries(caller), quota, {
      apiVersion: source.apiVersion, bulkThreshold: reverse.salesforceBulkThreshold, bulkJobSize: reverse.salesforceBulkJobSize, pollIntervalMs: 500,
    }));
  }
  if (sources.hubspot) {
    // HubSpot's SDK hides its usage headers: the quota stop counts calls, starting from today's earlier ones.
    const meter = new UsageMeter(sources.hubspot.dailyLimit);
    meter.countEarlier(usage.hubspotCallsToday ?? 0);
    const caller = new RecordingApiCaller({ ...overrides, runId, source: 'hubspot', quota: () => meter.usage() });
    callers.push(caller);
    writers.push(hubspotWriter(createHubspotClient(sources.hubspot, loaded.secret), caller, meter));
  }
  return { writers, takeCalls: () => callers.flatMap((c) => c.takeCalls()) };
}
