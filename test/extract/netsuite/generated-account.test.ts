import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiCaller, StreamPage } from '../../../extract/extract-types.ts';
import { createNetsuiteConnector } from '../../../extract/netsuite/netsuite-connector.ts';
import { generateDataset } from '../../../sandbox/generator/generate-dataset.ts';
import { createNetsuite } from '../../../sandbox/netsuite/netsuite-api.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';
import { SOURCE } from './netsuite-extract-kit.ts';

const TYPES = "('SalesOrd', 'CustInvc', 'CustPymt', 'CustCred')";
const EXPECTED: Record<string, string> = {
  customer: 'SELECT count(*) AS n FROM netsuite."customer"',
  transaction: `SELECT count(*) AS n FROM netsuite."transaction" WHERE "type" IN ${TYPES}`,
  transactionline: `SELECT count(*) AS n FROM netsuite."transactionline" l JOIN netsuite."transaction" t ON t.id = l."transaction" WHERE t."type" IN ${TYPES}`,
  subsidiary: 'SELECT count(*) AS n FROM netsuite."subsidiary"',
  currency: 'SELECT count(*) AS n FROM netsuite."currency"',
  currencyrate: 'SELECT count(*) AS n FROM netsuite."currencyrate"',
};

const DELETED_TYPES: Record<string, string[]> = {
  customer: ['customer'], transaction: ['salesorder', 'invoice', 'customerpayment', 'creditmemo'], subsidiary: ['subsidiary'], currency: ['currency'],
};

describe('NetSuite connector on a generated account', () => {
  let dir: string;
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    dir = await makeTempDir('closeloop-ns-generated-');
    await generateDataset({ out: dir, companies: 200, seed: 11, asOf: '2026-11-01' });
    sandbox = await startSandbox({ dataDir: dir, systems: { netsuite: createNetsuite } });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    await removeDir(dir);
  });

  it('reads every stream completely, in pages, with exact money and UTC times', async () => {
    const o = sandbox.options.netsuite;
    const secrets: Record<string, string> = { NS_CONSUMER_KEY: o.consumerKey, NS_CONSUMER_SECRET: o.consumerSecret, NS_TOKEN_ID: o.tokenId, NS_TOKEN_SECRET: o.tokenSecret };
    const connector = createNetsuiteConnector({ ...SOURCE, accountId: o.accountId, baseUrl: sandbox.urls.netsuite! }, (name) => secrets[name]!, { pageSize: 500 });
    const api: ApiCaller = { call: (_request, send) => send() };
    for (const description of await connector.describe()) {
      const sql = EXPECTED[description.stream];
      if (!sql) continue;
      const pages: StreamPage[] = [];
      for await (const page of connector.read(description, { cursor: null, api, signal: new AbortController().signal })) pages.push(page);
      const records = pages.flatMap((p) => p.records).filter((r) => !r.deleted);
      const expected = Number((await sandbox.db.all(sql))[0]!.n);
      expect(records.length, description.stream).toBe(expected);
      expect(new Set(records.map((r) => r.id)).size, description.stream).toBe(expected);
      const deleted = pages.flatMap((p) => p.records).filter((r) => r.deleted);
      const types = DELETED_TYPES[description.stream] ?? [];
      const deletedInSandbox = types.length ? Number((await sandbox.db.all(`SELECT count(*) AS n FROM netsuite."deletedrecord" WHERE lower("type") IN (${types.map((t) => `'${t}'`).join(', ')})`))[0]!.n) : 0;
      expect(deleted.length, `${description.stream} deletions`).toBe(deletedInSandbox);
    }
    // Spot-check one invoice against the sandbox's own storage (UTC timestamps, exact decimals).
    const [row] = await sandbox.db.all(`SELECT id, CAST(foreigntotal AS VARCHAR) AS total, strftime(lastmodifieddate, '%Y-%m-%dT%H:%M:%SZ') AS lm FROM netsuite."transaction" WHERE "type" = 'CustInvc' AND lastmodifieddate IS NOT NULL ORDER BY id LIMIT 1`);
    const transaction = (await connector.describe()).find((d) => d.stream === 'transaction')!;
    const all: StreamPage[] = [];
    for await (const page of connector.read(transaction, { cursor: null, api, signal: new AbortController().signal })) all.push(page);
    const invoice = all.flatMap((p) => p.records).find((r) => r.id === String(row!.id))!;
    expect(Number(invoice.values.foreigntotal)).toBe(Number(row!.total));
    expect(invoice.values.lastmodifieddate).toBe(row!.lm);
  }, 60_000);
});
