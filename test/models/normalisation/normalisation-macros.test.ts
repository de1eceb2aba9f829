import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createNormalisationMacros } from '../../../models/normalisation/normalisation-macros.ts';
import { installNormalisation } from '../../../models/normalisation/install-normalisation.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';

let warehouse: Warehouse;
let connection: DuckDBConnection;

beforeAll(async () => {
  warehouse = await openWarehouse(':memory:');
  connection = await warehouse.connection();
  await installNormalisation(connection);
});
afterAll(async () => {
  await warehouse.close();
});

async function call(macro: string, input: string | null): Promise<unknown> {
  const reader = await connection.runAndReadAll(`SELECT ref.${macro}($1::VARCHAR)`, [input]);
  return reader.getRows()[0]?.[0];
}

function cases(macro: string, table: readonly (readonly [string | null, string | null])[]): void {
  describe(`ref.${macro}`, () => {
    it.each(table)('%j → %j', async (input, expected) => {
      expect(await call(macro, input)).toBe(expected);
    });
  });
}

cases('norm_name', [
  ['The Acme Corp.', 'acme corp'],
  ['Müller & Söhne GmbH', 'muller and sohne gmbh'],
  ["O'Reilly Media, Inc.", 'oreilly media inc'],
  ['  A-B-C   Company ', 'a b c company'],
  ['Straße AG', 'strasse ag'],
  ['Theodore Ltd', 'theodore ltd'],
  ['', null],
  [null, null],
]);
cases('legal_form', [
  ['Acme, Inc.', 'inc'],
  ['ACME CORPORATION', 'corp'],
  ['Müller & Söhne GmbH', 'gmbh'],
  ['Widgets Pty. Ltd.', 'pty ltd'],
  ['Foo Co., Ltd.', 'co ltd'],
  ['Müller GmbH & Co. KG', 'gmbh and co kg'],
  ['Johnson & Johnson', null],
  ['Company', null],
]);
cases('name_key', [
  ['The Acme Corp.', 'acme'],
  ['ACME CORPORATION', 'acme'],
  ['Acme, Inc.', 'acme'],
  ['Global Tech LLC', 'globaltech'],
  ['GlobalTech L.L.C.', 'globaltech'],
  ['Widgets Pty. Ltd.', 'widgets'],
]);
cases('name_core', [
  ['Müller & Söhne GmbH', 'muller and sohne'],
  ['The Boeing Company', 'boeing'],
  ['Johnson & Johnson', 'johnson and johnson'],
]);
cases('registrable_domain', [
  ['https://www.shop.acme.co.uk/path?x', 'acme.co.uk'],
  ['HTTP://user:pw@WWW2.Acme.com:8080/about', 'acme.com'],
  ['eu.acme.com.', 'acme.com'],
  ['jane.doe@mail.acme.com.au', 'acme.com.au'],
  ['Jane Doe <jane@acme.io>', 'acme.io'],
  ['co.uk', null],
  ['n/a', null],
  ['10.0.0.1', null],
]);
cases('company_domain', [
  ['jane@gmail.com', null],
  ['https://mail.yahoo.co.uk', null],
  ['billing@acme.com', 'acme.com'],
]);
cases('state_code', [
  ['California', 'CA'],
  ['ca', 'CA'],
  ['N.Y.', 'NY'],
  ['district of columbia', 'DC'],
  [' Ontario ', 'ONTARIO'],
  ['', null],
]);
cases('country_iso2', [
  ['United Kingdom', 'GB'],
  ['UK', 'GB'],
  ['GBR', 'GB'],
  ['England', 'GB'],
  ['U.S.A.', 'US'],
  ['United States of America', 'US'],
  ['Deutschland', 'DE'],
  ['Holland', 'NL'],
  ['Türkiye', 'TR'],
  ['Narnia', null],
  [null, null],
]);
cases('zip5', [
  ['94105-1234', '94105'],
  ['941051234', '94105'],
  [' 02134 ', '02134'],
  ['sw1a  1aa', 'SW1A 1AA'],
  ['2134', '2134'],
]);

describe('ref.zip5 with a country', () => {
  it('zero-pads an Excel-shortened ZIP only for US', async () => {
    const reader = await connection.runAndReadAll(`SELECT ref.zip5('2134', country := 'US'), ref.zip5('2134', country := 'AU')`);
    expect(reader.getRows()[0]).toEqual(['02134', '2134']);
  });
});

describe('free-mail allow-list', () => {
  it('keeps a listed free-mail domain that a customer owns, once the macros are re-created', async () => {
    expect(await call('company_domain', 'ir@yahoo.com')).toBeNull();
    await connection.run(`INSERT INTO ref.free_mail_allow_list VALUES ('yahoo.com')`);
    try {
      await createNormalisationMacros(connection);
      expect(await call('company_domain', 'ir@yahoo.com')).toBe('yahoo.com');
      expect(await call('company_domain', 'jane@gmail.com')).toBeNull();
    } finally {
      await connection.run(`DELETE FROM ref.free_mail_allow_list WHERE domain = 'yahoo.com'`);
      await createNormalisationMacros(connection);
    }
  });

  it('stays correct when every free-mail domain is allowed', async () => {
    await connection.run(`INSERT INTO ref.free_mail_allow_list SELECT domain FROM ref.free_mail_domains`);
    try {
      await createNormalisationMacros(connection);
      expect(await call('company_domain', 'jane@gmail.com')).toBe('gmail.com');
    } finally {
      await connection.run(`DELETE FROM ref.free_mail_allow_list`);
      await createNormalisationMacros(connection);
    }
  });
});
