import { Client } from '@hubspot/api-client';
import type { HubspotSourceConfig } from '../../config/pipeline-config.ts';

/** A HubSpot client on a private-app token. */
export function createHubspotClient(source: HubspotSourceConfig, secret: (name: string) => string): Client {
  return new Client({ accessToken: secret(source.accessTokenEnv), basePath: source.baseUrl });
}
