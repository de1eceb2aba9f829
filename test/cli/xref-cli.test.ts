import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerXrefCommands } from '../../cli/xref-command.ts';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

const ACME_SF = '0015g00000AcmeXAAQ';
const UMBRELLA_SF = '0015g00000UmbrXAAQ';

/** name, domain, phone, street, city, state, postal_code, country */
const RECORDS: [string, string, ...(string | null)[]][] = [
  ['salesforce', ACME_SF, 'Acme Corporation', 'acme.com', '+1 415 555 0100', '1 Market St', 'San Francisco', 'CA', '94105', 'US'],
  ['netsuite', '1043', 'ACME Corp', 'acme.com', null, '1 Market Street', 'San Francisco', 'California', '94105', 'United States'],
  ['hubspot', '5012', 'Globex LLC', 'globex.io', null, null, 'Springfield', 'IL', null, 'US'],
  ['netsuite', '2001', 'Globex', 'globex.com', '217 555 0199', '5 Elm St', 'Springfield', 'IL', '62701', 'US'],
  ['hubspot', '5013', 'Initech', 'initech.com', null, null, null, null, null, 'US'],
  ['netsuite', '987', 'Initech Inc', 'initech.com', null, null, 'Austin', 'TX', null, 'US'],
  ['salesforce', UMBRELLA_SF, 'Umbrella Corp', 'umbrella.com', null, null, null, null, null, 'US'],
  ['netsuite', '3001', 'Umbrella Corporation', 'umbrella.com', null, null, null, null, null, 'US'],
];

/** left_system, left_id, right_system, right_id, pair_kind, weight, probability, band, decision, status, evidence */
const PAIRS: (string | number | null)[][] = [
  ['salesforce', ACME_SF, 'netsuite', '1043', 'cross', 6.5, 0.9, 'review', null, 'review', 'name similar (+4.0); domain acme.com equal (+9.1); state differs (-1.2)'],
  ['hubspot', '5012', 'netsuite', '2001', 'cross', 4.25, 0.71, 'review', null, 'review', 'name exact (+11.2); domain differs (-6.9)'],
  ['netsuite', '1043', 'netsuite', '987', 'duplicate', 2, 0.55, 'review', null, 'review', 'city differs (-2.0)'],
  ['hubspot', '5013', 'netsuite', '987', 'cross', 3, 0.6, 'review', 'reject', 'rejected', 'name similar (+3.0)'],
  ['salesforce', UMBRELLA_SF, 'netsuite', '3001', 'cross', 14, 0.999, 'link', null, 'linked', 'name similar (+5.0); domain umbrella.com equal (+9.1)'],
];

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

/** A config and a migrated warehouse holding the matcher's tables (or only some of them). */
async function warehouseWith(tables: { records?: boolean; pairs?: (string | number | null)[][] | false } = {}): Promise<{ config: string; file: string }> {
  const dir = await makeTempDir('closeloop-xref-');
  dirs.push(dir);
  const config = path.join(dir, 'closeloop.json');
  await writeFile(config, JSON.stringify({ warehouse: { path: 'warehouse.duckdb' }, sources: {} }));
  const file = path.join(dir, 'warehouse.duckdb');
  await withWarehouse(file, async (warehouse) => {
    await migrateWarehouse(warehouse.db);
    if (tables.records !== false) await createTable(warehouse, 'int.customer_records', RECORDS_DDL, RECORDS);
    if (tables.pairs !== false) await createTable(warehouse, 'int.match_pairs', PAIRS_DDL, tables.pairs ?? PAIRS);
  });
  return { config, file };
}

const RECORDS_DDL = `system VARCHAR, source_id VARCHAR, name VARCHAR, domain VARCHAR, phone VARCHAR, street VARCHAR,
  city VARCHAR, state VARCHAR, postal_code VARCHAR, country VARCHAR, currency VARCHAR`;
const PAIRS_DDL = `left_system VARCHAR, left_id VARCHAR, right_system VARCHAR, right_id VARCHAR, pair_kind VARCHAR,
  match_weight DOUBLE, match_probability DOUBLE, band VARCHAR, decision VARCHAR, status VARCHAR, evidence VARCHAR, match_rule VARCHAR`;

async function createTable(warehouse: Warehouse, table: string, ddl: string, rows: readonly (string | number | null)[][]): Promise<void> {
  await sql.raw(`CREATE TABLE ${table} (${ddl})`).execute(warehouse.db);
  for (const row of rows) {
    await sql`INSERT INTO ${sql.raw(table)} VALUES (${sql.join(row.map((value) => sql`${value}`))}${sql.raw(table === 'int.match_pairs' ? ", 'fellegi_sunter'" : ', NULL')})`.execute(warehouse.db);
  }
}

async function withWarehouse<T>(file: string, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(file);
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}

interface DecisionRow { left_system: string; left_id: string; right_system: string; right_id: string; decision: string; decided_by: string; note: string | null }

async function decisions(file: string): Promise<DecisionRow[]> {
  return withWarehouse(file, (warehouse) => warehouse.db.selectFrom('meta.xref_decisions')
    .select(['left_system', 'left_id', 'right_system', 'right_id', 'decision', 'decided_by', 'note'])
    .orderBy('decided_at').execute());
}

/** Runs `closeloop xref …` in this process; a thrown error is reported as the CLI reports it (exit 1). */
async function xref(args: string[]): Promise<{ exitCode: unknown; out: string; error: string }> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const program = new Command().exitOverride();
  registerXrefCommands(program);
  try {
    await program.parseAsync(['xref', ...args], { from: 'user' });
    return { exitCode: process.exitCode, out: out.join('\n'), error: '' };
  } catch (error) {
    return { exitCode: 1, out: out.join('\n'), error: error instanceof Error ? error.message : String(error) };
  }
}

describe('closeloop xref review', () => {
  it('lists the pairs waiting for review side by side, highest weight first, leaving out decided and linked ones', async () => {
    const { config } = await warehouseWith();
    const result = await xref(['review', '--config', config]);
    expect(result.exitCode, result.error).toBe(0);
    expect(result.out).toMatch(/^3 customer matches wait for review, highest match weight first\.$/m);
    const blocks = result.out.split('\n\n').slice(1);
    expect(blocks.map((block) => block.split('\n')[0])).toEqual([
      '[1/3] cross pair  weight 6.50  probability 0.900, rule fellegi_sunter',
      '[2/3] cross pair  weight 4.25  probability 0.710, rule fellegi_sunter',
      '[3/3] duplicate pair  weight 2.00  probability 0.550, rule fellegi_sunter',
    ]);
    const acme = blocks[0]!;
    expect(acme).toMatch(new RegExp(`^  field\\s+salesforce:${ACME_SF}\\s+netsuite:1043$`, 'm'));
    expect(acme).toMatch(/^ {2}name\s+Acme Corporation\s+ACME Corp\s+≠$/m);
    expect(acme).toMatch(/^ {2}domain\s+acme\.com\s+acme\.com\s+=$/m);
    expect(acme).toMatch(/^ {2}phone\s+\+1 415 555 0100\s+—$/m);
    expect(acme).toMatch(/^ {2}postal code\s+94105\s+94105\s+=$/m);
    expect(acme).toMatch(/^ {2}country\s+US\s+United States\s+≠$/m);
    expect(acme).toContain('  evidence: name similar (+4.0); domain acme.com equal (+9.1); state differs (-1.2)');
    expect(acme).toContain(`  confirm:  closeloop xref confirm salesforce:${ACME_SF} netsuite:1043 --config ${config}`);
    expect(acme).toContain(`  reject:   closeloop xref reject salesforce:${ACME_SF} netsuite:1043 --config ${config}`);
    // The columns line up: each record's values start where its header does.
    const lines = acme.split('\n');
    expect(lines.find((l) => l.includes('Acme Corporation'))!.indexOf('ACME Corp')).toBe(lines[1]!.indexOf('netsuite:1043'));
    expect(result.out).not.toContain('Umbrella');
    expect(result.out).not.toContain('hubspot:5013');
  });

  it('--limit shows the first pairs and says how many wait in all; --json prints them as an array', async () => {
    const { config } = await warehouseWith();
    const limited = await xref(['review', '--config', config, '--limit', '1']);
    expect(limited.out).toMatch(/^3 customer matches wait for review, highest match weight first; showing the first 1 \(--limit N for more\)\.$/m);
    expect(limited.out).not.toContain('[2/3]');

    const json = await xref(['review', '--config', config, '--json']);
    const pairs = JSON.parse(json.out) as Record<string, unknown>[];
    expect(pairs.map((p) => [p.match_weight, p.pair_kind])).toEqual([[6.5, 'cross'], [4.25, 'cross'], [2, 'duplicate']]);
    expect(pairs[1]).toMatchObject({
      left: { system: 'hubspot', id: '5012', name: 'Globex LLC', domain: 'globex.io', phone: null, street: null, city: 'Springfield', postal_code: null },
      right: { system: 'netsuite', id: '2001', name: 'Globex', postal_code: '62701' },
      match_probability: 0.71,
      evidence: 'name exact (+11.2); domain differs (-6.9)',
      confirm_command: `closeloop xref confirm hubspot:5012 netsuite:2001 --config ${config}`,
    });
  });

  it('says so when nothing waits (exit 0)', async () => {
    const { config } = await warehouseWith({ pairs: PAIRS.filter((p) => p[9] !== 'review') });
    const result = await xref(['review', '--config', config]);
    expect(result.exitCode).toBe(0);
    expect(result.out).toBe('No customer matches wait for review: every candidate pair is linked, rejected or decided.');
    expect(JSON.parse((await xref(['review', '--config', config, '--json'])).out)).toEqual([]);
  });

  it('tells the user to run closeloop build when the matcher has not run (exit 1)', async () => {
    const { config } = await warehouseWith({ pairs: false });
    const result = await closeloop(['xref', 'review', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^closeloop: int\.match_pairs is not in the warehouse .*warehouse\.duckdb yet: run `closeloop build` first/);
  });
});

describe('closeloop xref confirm / reject', () => {
  it('stores the pair in canonical order with who decided and why, and takes it out of the queue', async () => {
    const { config, file } = await warehouseWith();
    const result = await xref(['confirm', 'netsuite:1043', `salesforce:${ACME_SF}`, '--by', 'dana', '--note', 'same company, billing entity', '--config', config]);
    expect(result.exitCode, result.error).toBe(0);
    expect(result.out).toBe([
      `Recorded: confirm salesforce:${ACME_SF} ⇄ netsuite:1043 (by dana, note "same company, billing entity").`,
      'The matcher scored it weight 6.50, probability 0.900 (status review).',
      `It applies from the next build: closeloop build --select int.match_pairs+ --config ${config}`,
    ].join('\n'));
    expect(await decisions(file)).toEqual([
      { left_system: 'salesforce', left_id: ACME_SF, right_system: 'netsuite', right_id: '1043', decision: 'confirm', decided_by: 'dana', note: 'same company, billing entity' },
    ]);
    const review = await xref(['review', '--config', config]);
    expect(review.out).toMatch(/^2 customer matches wait for review/);
    expect(review.out).not.toContain(ACME_SF);
  });

  it('orders ids of one system as text and finds a Salesforce record by its 15-character id', async () => {
    const { config, file } = await warehouseWith();
    await xref(['reject', 'netsuite:987', 'netsuite:1043', '--by', 'dana', '--config', config]);
    await xref(['reject', 'netsuite:3001', `salesforce:${ACME_SF.slice(0, 15)}`, '--by', 'dana', '--config', config]);
    expect((await decisions(file)).map((d) => [d.left_system, d.left_id, d.right_system, d.right_id])).toEqual([
      ['netsuite', '1043', 'netsuite', '987'],
      ['salesforce', ACME_SF, 'netsuite', '3001'],
    ]);
  });

  it('takes the decider from $USER, then $LOGNAME, else unknown', async () => {
    const { config, file } = await warehouseWith();
    vi.stubEnv('USER', 'ana');
    await xref(['confirm', 'hubspot:5012', 'netsuite:2001', '--config', config]);
    vi.stubEnv('USER', '');
    vi.stubEnv('LOGNAME', 'ben');
    await xref(['confirm', 'hubspot:5012', 'netsuite:2001', '--config', config]);
    vi.stubEnv('LOGNAME', '');
    await xref(['confirm', 'hubspot:5012', 'netsuite:2001', '--config', config]);
    expect((await decisions(file)).map((d) => d.decided_by)).toEqual(['ana', 'ben', 'unknown']);
  });

  it('keeps the history; the latest decision on a pair is the one in force', async () => {
    const { config, file } = await warehouseWith();
    await xref(['confirm', 'hubspot:5012', 'netsuite:2001', '--by', 'ana', '--config', config]);
    const second = await xref(['reject', 'netsuite:2001', 'hubspot:5012', '--by', 'ben', '--note', 'different domains', '--config', config]);
    expect(second.out).toMatch(/^It replaces the earlier decision: confirm by ana at \d{4}-\d\d-\d\dT[\d:.]+Z\.$/m);
    const third = await xref(['confirm', 'hubspot:5012', 'netsuite:2001', '--by', 'cara', '--config', config]);
    expect(third.out).toMatch(/^It replaces the earlier decision: reject by ben at /m);
    const history = await decisions(file);
    expect(history.map((d) => [d.left_id, d.right_id, d.decision, d.decided_by])).toEqual([
      ['5012', '2001', 'confirm', 'ana'],
      ['5012', '2001', 'reject', 'ben'],
      ['5012', '2001', 'confirm', 'cara'],
    ]);
    const inForce = await withWarehouse(file, async (warehouse) => (await sql<{ decision: string }>`
      SELECT decision FROM meta.xref_decisions WHERE left_id = '5012' AND right_id = '2001'
      QUALIFY row_number() OVER (PARTITION BY left_system, left_id, right_system, right_id ORDER BY decided_at DESC) = 1`.execute(warehouse.db)).rows);
    expect(inForce).toEqual([{ decision: 'confirm' }]);
  });

  it('records a decision on a pair the matcher never scored, and says so', async () => {
    const { config, file } = await warehouseWith();
    const result = await xref(['confirm', 'hubspot:5013', 'netsuite:3001', '--by', 'dana', '--config', config]);
    expect(result.exitCode, result.error).toBe(0);
    expect(result.out).toContain('This pair is not a candidate the matcher scored; the decision still holds: the next build links the two records anyway.');
    expect(await decisions(file)).toHaveLength(1);
  });

  it.each([
    [['confirm', 'netsuite:1043', 'netsuite:9999'], /^netsuite:9999 is not a live customer record in int\.customer_records; check the id/],
    [['reject', 'hubspot:1', 'salesforce:0015g00000NopeXAAQ'], /^hubspot:1 and salesforce:0015g00000NopeXAAQ are not live customer records in int\.customer_records/],
    [['confirm', 'sap:1043', 'netsuite:1043'], /^"sap:1043": unknown system "sap"; the systems are salesforce, hubspot, netsuite/],
    [['confirm', '1043', 'netsuite:1043'], /^"1043" is not a record: write it system:id/],
    [['reject', 'netsuite:1043', 'NetSuite:1043'], /^netsuite:1043 was given twice: a decision is about two different records\.$/],
    [['reject', `salesforce:${ACME_SF.slice(0, 15)}`, `salesforce:${ACME_SF}`], /^salesforce:0015g00000AcmeXAAQ was given twice/],
  ])('%j fails clearly and records nothing', async (args, message) => {
    const { config, file } = await warehouseWith();
    const result = await xref([...args, '--by', 'dana', '--config', config]);
    expect(result.exitCode).toBe(1);
    expect(result.error).toMatch(message);
    expect(result.out).toBe('');
    expect(await decisions(file)).toEqual([]);
  });

  it('needs the customer records built first', async () => {
    const { config } = await warehouseWith({ records: false, pairs: false });
    const result = await closeloop(['xref', 'confirm', 'netsuite:1043', 'hubspot:5012', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/int\.customer_records is not in the warehouse .* yet: run `closeloop build` first/);
  });
});
