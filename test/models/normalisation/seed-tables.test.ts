import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSeedTables } from '../../../models/normalisation/seed-tables.ts';
import { openWarehouse } from '../../../warehouse/warehouse.ts';

async function scalar(sql: string): Promise<unknown> {
  const warehouse = await openWarehouse(':memory:');
  try {
    return await warehouse.withConnection(async (connection) => {
      await createSeedTables(connection);
      await createSeedTables(connection); // idempotent
      return (await connection.runAndReadAll(sql)).getRows()[0]?.[0];
    });
  } finally {
    await warehouse.close();
  }
}

describe('createSeedTables', () => {
  it.each([
    ['legal_forms', 59],
    ['us_states', 52],
    ['countries', 299],
    ['free_mail_domains', 118],
    ['free_mail_allow_list', 0],
    ['public_suffixes', 98],
  ])('loads ref.%s with %i rows', async (table, rows) => {
    expect(await scalar(`SELECT count(*)::INTEGER FROM ref.${table}`)).toBe(rows);
  });

  it('keeps lookup keys unique so lookups return one row', async () => {
    expect(await scalar(`SELECT count(*)::INTEGER FROM (SELECT alias_key FROM ref.countries GROUP BY 1 HAVING count(DISTINCT iso2) > 1 OR count(*) > 1)`)).toBe(0);
    expect(await scalar(`SELECT count(*)::INTEGER - count(DISTINCT variant)::INTEGER FROM ref.legal_forms`)).toBe(0);
  });

  it('has every country as a two-letter upper-case code', async () => {
    expect(await scalar(`SELECT count(*)::INTEGER FROM ref.countries WHERE NOT regexp_full_match(iso2, '[A-Z]{2}')`)).toBe(0);
  });

  it('names the file and the expected header when a CSV is missing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'closeloop-ref-'));
    const warehouse = await openWarehouse(':memory:');
    try {
      await writeFile(path.join(dir, 'legal-forms.csv'), 'variant,canonical\ninc,inc\n');
      const attempt = warehouse.withConnection((connection) => createSeedTables(connection, dir));
      await expect(attempt).rejects.toThrow(/ref\.us_states from .*us-states\.csv.*header name,code/s);
    } finally {
      await warehouse.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
