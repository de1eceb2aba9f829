import { Client, DEFAULT_LIMITER_OPTIONS } from '@hubspot/api-client';
import type { HubspotSourceConfig } from '../../config/pipeline-config.ts';

/**
 * A HubSpot client on a private-app token. Its built-in limiter keeps calls under HubSpot's per-app
 * burst limit, and it retries 5xx and rate-limit answers the way the SDK documents.
 */
export function createHubspotClient(source: HubspotSourceConfig, secret: (name: string) => string): Client {
  return new Client({
    accessToken: secret(source.accessTokenEnv),
    basePath: source.baseUrl,
    limiterOptions: DEFAULT_LIMITER_OPTIONS,
    numberOfApiCallRetries: 3,
  });
}
