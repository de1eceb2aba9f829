import path from 'node:path';
import { Connection } from 'jsforce';
import { Client } from '@hubspot/api-client';
import NetsuiteRest from 'netsuite-rest';
import { generateDataset } from '../../sandbox/generator/generate-dataset.ts';
import { startSandbox, type RunningSandbox, type SandboxOverrides } from '../../sandbox/sandbox-server.ts';
import { ALL_SYSTEMS } from '../../sandbox/all-systems.ts';
import { writeSandboxConfig } from '../../sandbox/sandbox-config-writer.ts';
import { loadConfig } from '../../config/pipeline-config.ts';
import { createSalesforceConnector } from '../../extract/salesforce/salesforce-connector.ts';
import { createHubspotConnector } from '../../extract/hubspot/hubspot-connector.ts';
import { createNetsuiteConnector } from '../../extract/netsuite/netsuite-connector.ts';
import type { SourceConnector } from '../../extract/extract-types.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';

/** A generated company served by the sandbox, with a pipeline config pointing at it. */
export async function sandboxForExtract(dir: string, options: SandboxOverrides = {}, companies = 120): Promise<{ sandbox: RunningSandbox; configFile: string }> {
  const data = path.join(dir, 'data');
  await generateDataset({ out: data, companies, seed: 11, asOf: '2026-11-01' });
  const sandbox = await startSandbox({ dataDir: data, systems: ALL_SYSTEMS, options });
  const configFile = path.join(dir, 'closeloop.json');
  await writeSandboxConfig(configFile, sandbox.urls, sandbox.options);
  return { sandbox, configFile };
}

/**
 * Connectors for the sandbox. HubSpot's settle delay (which waits out the real search index lag) is
 * off: the sandbox's index has none, and the tests write and read within seconds.
 */
export function sandboxConnectors(configFile: string): SourceConnector[] {
  const { config, secret } = loadConfig(configFile, {});
  return [
    createSalesforceConnector(config.sources.salesforce!, secret, { pageSize: 200 }),
    createHubspotConnector(config.sources.hubspot!, secret, { settleMs: 0, searchPerSecond: 50 }),
    createNetsuiteConnector(config.sources.netsuite!, secret, { pageSize: 250 }),
  ];
}

/** The sandbox's own clients (what a user of each CRM/ERP would do by hand). */
export function sandboxClients(sandbox: RunningSandbox) {
  const { salesforce: sf, hubspot: hs, netsuite: ns } = sandbox.options;
  return {
    salesforce: async () => {
      const conn = new Connection({ loginUrl: sandbox.urls.salesforce, version: '62.0', oauth2: { loginUrl: sandbox.urls.salesforce, clientId: sf.clientId, clientSecret: sf.clientSecret } });
      await conn.login(sf.username, sf.password);
      return conn;
    },
    hubspot: new Client({ accessToken: hs.accessToken, basePath: sandbox.urls.hubspot! }),
    netsuite: new NetsuiteRest({
      consumer_key: ns.consumerKey, consumer_secret_key: ns.consumerSecret, token: ns.tokenId, token_secret: ns.tokenSecret,
      realm: ns.accountId, base_url: sandbox.urls.netsuite!,
    }),
  };
}

/** What a stream looks like in each place: id → version stamp (ms since epoch, or seconds for NetSuite). */
export type Versions = Map<string, number>;

interface Comparison {
  raw: string;
  stamp: string;
  sandboxSql: string;
  precisionMs: number;
}

export const COMPARED: Record<string, Comparison> = {
  'salesforce/Account': { raw: 'salesforce__account', stamp: 'systemmodstamp', precisionMs: 1, sandboxSql: `SELECT "Id" AS id, "SystemModstamp" AS stamp FROM salesforce."Account" WHERE NOT "IsDeleted"` },
  'salesforce/Opportunity': { raw: 'salesforce__opportunity', stamp: 'systemmodstamp', precisionMs: 1, sandboxSql: `SELECT "Id" AS id, "SystemModstamp" AS stamp FROM salesforce."Opportunity" WHERE NOT "IsDeleted"` },
  'hubspot/companies': { raw: 'hubspot__companies', stamp: 'hs_lastmodifieddate', precisionMs: 1, sandboxSql: `SELECT id, hs_lastmodifieddate::TIMESTAMP AS stamp FROM hubspot."companies" WHERE NOT archived` },
  'hubspot/deals': { raw: 'hubspot__deals', stamp: 'hs_lastmodifieddate', precisionMs: 1, sandboxSql: `SELECT id, hs_lastmodifieddate::TIMESTAMP AS stamp FROM hubspot."deals" WHERE NOT archived` },
  'netsuite/customer': { raw: 'netsuite__customer', stamp: 'lastmodifieddate', precisionMs: 1000, sandboxSql: `SELECT id::VARCHAR AS id, lastmodifieddate AS stamp FROM netsuite."customer"` },
  'netsuite/transaction': { raw: 'netsuite__transaction', stamp: 'lastmodifieddate', precisionMs: 1000, sandboxSql: `SELECT id::VARCHAR AS id, lastmodifieddate AS stamp FROM netsuite."transaction"` },
};

export async function sandboxVersions(sandbox: RunningSandbox, stream: string): Promise<Versions> {
  const c = COMPARED[stream]!;
  const rows = await sandbox.db.all<{ id: string; stamp: Date }>(c.sandboxSql);
  return new Map(rows.map((r) => [String(r.id), Math.floor(r.stamp.getTime() / c.precisionMs)]));
}

/** The latest landed version of every record that is not deleted: what staging will see. */
export async function warehouseVersions(warehouse: Warehouse, stream: string): Promise<Versions> {
  const c = COMPARED[stream]!;
  const rows = await warehouse.withConnection(async (connection) => {
    const reader = await connection.runAndReadAll(`
      SELECT _record_id AS id, ${c.stamp} AS stamp FROM raw.${c.raw}
      QUALIFY row_number() OVER (PARTITION BY _record_id ORDER BY _extracted_at DESC) = 1 AND NOT _deleted`);
    return reader.getRowObjectsJS() as { id: string; stamp: Date }[];
  });
  return new Map(rows.map((r) => [String(r.id), Math.floor(r.stamp.getTime() / c.precisionMs)]));
}

/** Every landed row of a stream: (record id, version) pairs, to count duplicates. */
export async function landedRows(warehouse: Warehouse, stream: string): Promise<string[]> {
  const c = COMPARED[stream]!;
  return warehouse.withConnection(async (connection) => {
    const reader = await connection.runAndReadAll(`SELECT _record_id || '@' || coalesce(${c.stamp}::VARCHAR, '') || (CASE WHEN _deleted THEN '#deleted' ELSE '' END) AS v FROM raw.${c.raw} ORDER BY 1`);
    return reader.getRowObjectsJS().map((r) => String(r.v));
  });
}
