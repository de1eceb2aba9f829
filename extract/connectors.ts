import type { LoadedConfig } from '../config/pipeline-config.ts';
import type { SourceConnector, SourceName } from './extract-types.ts';

export const SOURCE_NAMES: readonly SourceName[] = ['salesforce', 'hubspot', 'netsuite'];

/**
 * Builds a connector for each configured source (or the `only` subset). Each connector module is
 * imported when its source is configured, so a run that reads one system loads one client.
 */
export async function createConnectors(loaded: LoadedConfig, only?: readonly SourceName[]): Promise<SourceConnector[]> {
  const { sources } = loaded.config;
  const secret = (name: string): string => loaded.secret(name);
  const wanted = only ?? SOURCE_NAMES;
  const missing = wanted.filter((name) => sources[name] === undefined);
  if (only && missing.length > 0) {
    throw new Error(`--source ${missing.join(', ')}: not configured in ${loaded.file}. Add it under "sources", or choose from: ${configured(loaded).join(', ') || '(none)'}.`);
  }
  const connectors: SourceConnector[] = [];
  if (wanted.includes('salesforce') && sources.salesforce) {
    const { createSalesforceConnector } = await import('./salesforce/salesforce-connector.ts');
    connectors.push(createSalesforceConnector(sources.salesforce, secret, { bulkThreshold: sources.salesforce.bulkThreshold }));
  }
  if (wanted.includes('hubspot') && sources.hubspot) {
    const { createHubspotConnector } = await import('./hubspot/hubspot-connector.ts');
    connectors.push(createHubspotConnector(sources.hubspot, secret));
  }
  if (wanted.includes('netsuite') && sources.netsuite) {
    const { createNetsuiteConnector } = await import('./netsuite/netsuite-connector.ts');
    connectors.push(createNetsuiteConnector(sources.netsuite, secret));
  }
  if (connectors.length === 0) throw new Error(`No sources are configured in ${loaded.file}: add salesforce, hubspot or netsuite under "sources".`);
  return connectors;
}

function configured(loaded: LoadedConfig): SourceName[] {
  return SOURCE_NAMES.filter((name) => loaded.config.sources[name] !== undefined);
}

/** Parses `--source salesforce,hubspot`. */
export function parseSourceList(text: string): SourceName[] {
  const names = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !(SOURCE_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) throw new Error(`--source: ${unknown.join(', ') || '(empty)'} is not a source; choose from ${SOURCE_NAMES.join(', ')}.`);
  return names as SourceName[];
}
