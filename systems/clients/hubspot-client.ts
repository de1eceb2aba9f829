import { Client } from '@hubspot/api-client';
import type { HubspotSourceConfig } from '../../config/pipeline-config.ts';

/**
 * A HubSpot client on a private-app token, paced at 90% of the app's burst limit so calls are not
 * throttled in the first place. The SDK's own retries are off: the run's ApiCaller retries (with
 * backoff, Retry-After and a record of every attempt in meta.api_calls).
 */
export function createHubspotClient(source: HubspotSourceConfig, secret: (name: string) => string): Client {
  return new Client({
    accessToken: secret(source.accessTokenEnv),
    basePath: source.baseUrl,
    limiterOptions: { minTime: 10_000 / (0.9 * source.requestsPerTenSeconds), maxConcurrent: 6 },
    numberOfApiCallRetries: 0,
  });
}
