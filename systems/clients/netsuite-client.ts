import NetsuiteRest from 'netsuite-rest';
import type { NetsuiteSourceConfig } from '../../config/pipeline-config.ts';

/** One SuiteQL page as NetSuite returns it: every value a string, nulls omitted, booleans T/F. */
export interface SuiteqlPage {
  count: number;
  hasMore: boolean;
  offset: number;
  totalResults: number;
  items: Record<string, string | unknown[]>[];
}

/** A NetSuite REST client on token-based auth (OAuth 1.0a, HMAC-SHA256). */
export function createNetsuiteClient(source: NetsuiteSourceConfig, secret: (name: string) => string): NetsuiteRest {
  return new NetsuiteRest({
    consumer_key: secret(source.consumerKeyEnv),
    consumer_secret_key: secret(source.consumerSecretEnv),
    token: secret(source.tokenIdEnv),
    token_secret: secret(source.tokenSecretEnv),
    realm: source.accountId,
    ...(source.baseUrl && { base_url: source.baseUrl }),
  });
}

export async function suiteqlPage(client: NetsuiteRest, query: string, limit: number, offset: number): Promise<SuiteqlPage> {
  const response = await client.request<SuiteqlPage>({
    path: `query/v1/suiteql?limit=${limit}&offset=${offset}`,
    method: 'POST',
    body: JSON.stringify({ q: query }),
  });
  return response.data;
}
