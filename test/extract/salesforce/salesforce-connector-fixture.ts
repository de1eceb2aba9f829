import type { SalesforceSourceConfig } from '../../../config/pipeline-config.ts';
import { createSalesforceConnector, type SalesforceConnectorOptions } from '../../../extract/salesforce/salesforce-connector.ts';
import type { ApiCaller, ExtractedRecord, SourceConnector, StreamCursor, StreamDescription, StreamPage } from '../../../extract/extract-types.ts';
import type { SalesforceFixture } from '../../sandbox/salesforce/salesforce-fixture.ts';

export { sfId, startSalesforce, type SalesforceFixture } from '../../sandbox/salesforce/salesforce-fixture.ts';

export const SOURCE_ENV = {
  clientIdEnv: 'SF_CLIENT_ID',
  clientSecretEnv: 'SF_CLIENT_SECRET',
  usernameEnv: 'SF_USERNAME',
  passwordEnv: 'SF_PASSWORD',
} as const;

/** A pass-through ApiCaller that remembers every call it was given. */
export class RecordingApi implements ApiCaller {
  readonly calls: { method: string; endpoint: string }[] = [];
  call<T>(request: { method: string; endpoint: string }, send: () => Promise<T>): Promise<T> {
    this.calls.push(request);
    return send();
  }
}

/** The connector pointed at the sandbox with its credentials (overridable to test bad ones). */
export function sandboxConnector(sf: SalesforceFixture, options: SalesforceConnectorOptions = {}, secrets: Record<string, string> = {}): SourceConnector {
  const credentials = sf.sandbox.options.salesforce;
  const source: SalesforceSourceConfig = { loginUrl: sf.url, apiVersion: '62.0', ...SOURCE_ENV };
  const env: Record<string, string> = {
    SF_CLIENT_ID: credentials.clientId,
    SF_CLIENT_SECRET: credentials.clientSecret,
    SF_USERNAME: credentials.username,
    SF_PASSWORD: credentials.password,
    ...secrets,
  };
  return createSalesforceConnector(source, (name) => env[name]!, { bulkPollIntervalMs: 20, ...options });
}

export async function streamOf(connector: SourceConnector, name: string): Promise<StreamDescription> {
  const stream = (await connector.describe()).find((s) => s.stream === name);
  if (!stream) throw new Error(`no stream ${name}`);
  return stream;
}

export interface ReadResult {
  pages: StreamPage[];
  records: ExtractedRecord[];
  /** The cursor of the last page, or the one read from when nothing came. */
  cursor: StreamCursor | null;
}

export async function readAll(connector: SourceConnector, stream: StreamDescription, cursor: StreamCursor | null, api: ApiCaller = new RecordingApi()): Promise<ReadResult> {
  const pages: StreamPage[] = [];
  for await (const page of connector.read(stream, { cursor, api, signal: new AbortController().signal })) pages.push(page);
  return { pages, records: pages.flatMap((p) => p.records), cursor: pages.at(-1)?.cursor ?? cursor };
}
