import { noFaults, type FaultSpec } from './faults/fault-spec.ts';

/**
 * Everything that shapes the emulated systems. Credentials are the sandbox's own fixed demo values:
 * `--config-out` hands them to the pipeline through an env file, exactly as real credentials travel.
 */
export interface SandboxOptions {
  salesforce: {
    clientId: string;
    clientSecret: string;
    username: string;
    password: string;
    orgId: string;
    userId: string;
    dailyApiLimit: number;
    sessionTtlSeconds: number;
    /** The org's validation rule: BillingCountry is required on Account update. */
    requireBillingCountry: boolean;
    multiCurrency: boolean;
    /** Rows per Bulk API 2.0 results page; 0 = one page (jsforce cannot read several, see README). */
    bulkPageSize: number;
  };
  hubspot: {
    accessToken: string;
    portalId: number;
    dailyLimit: number;
    tenSecondLimit: number;
    searchPerSecond: number;
    /** Milliseconds before a write shows up in search results (HubSpot's search index lags). */
    searchLagMs: number;
  };
  netsuite: {
    accountId: string;
    consumerKey: string;
    consumerSecret: string;
    tokenId: string;
    tokenSecret: string;
    concurrency: number;
    /** Reject a reused OAuth nonce (real NetSuite does; got's retries reuse it). */
    strictNonce: boolean;
    /** The account's time zone: SuiteQL renders datetimes in it. */
    timeZone: string;
  };
  faults: FaultSpec;
}

export function defaultSandboxOptions(): SandboxOptions {
  return {
    salesforce: {
      clientId: '3MVG9sandbox.closeloop.client',
      clientSecret: 'sandbox-sf-client-secret',
      username: 'integration@closeloop.sandbox',
      password: 'sandbox-sf-password',
      orgId: '00D000000000001EAA',
      userId: '005000000000001AAA',
      dailyApiLimit: 1_000_000,
      sessionTtlSeconds: 7200,
      requireBillingCountry: true,
      multiCurrency: true,
      bulkPageSize: 0,
    },
    hubspot: {
      accessToken: 'pat-na1-00000000-sand-box0-0000-closeloop000',
      portalId: 24_000_001,
      dailyLimit: 1_000_000,
      tenSecondLimit: 190,
      searchPerSecond: 5,
      searchLagMs: 0,
    },
    netsuite: {
      accountId: '1234567_SB1',
      consumerKey: 'sandbox-ns-consumer-key',
      consumerSecret: 'sandbox-ns-consumer-secret',
      tokenId: 'sandbox-ns-token-id',
      tokenSecret: 'sandbox-ns-token-secret',
      concurrency: 5,
      strictNonce: false,
      timeZone: 'America/Los_Angeles',
    },
    faults: noFaults(),
  };
}
