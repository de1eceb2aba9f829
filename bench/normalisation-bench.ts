import { openWarehouse } from '../warehouse/warehouse.ts';
import { installNormalisation } from '../models/normalisation/install-normalisation.ts';

export interface NormalisationFigure {
  check: string;
  rows: number;
  seconds: number;
}

/** Times each group of normalisation macros over `rows` synthetic names, URLs/e-mails and addresses. */
export async function benchNormalisation(rows: number): Promise<NormalisationFigure[]> {
  const inputs = `CREATE TABLE bench_input AS SELECT
    ['The ', '', ''][i % 3 + 1] || 'Acme ' || (i % 50000) || ' Söhne & Partner' || [' GmbH', ' Inc.', ', Ltd.', ' Pty Ltd', ''][i % 5 + 1] AS name,
    ['https://www.', 'billing@', 'http://eu.', ''][i % 4 + 1] || 'acme' || (i % 70000) || ['.co.uk/about?x=1', '.com', '.com.au:8080/'][i % 3 + 1] AS web,
    ['jane@gmail.com', 'ops@yahoo.co.uk', 'a@b.example.com'][i % 3 + 1] AS email,
    ['California', 'ny', 'Texas', 'Ontario'][i % 4 + 1] AS state,
    ['United Kingdom', 'USA', 'DEU', 'Narnia'][i % 4 + 1] AS country,
    ['94105-1234', 'SW1A 1AA', '02134'][i % 3 + 1] AS zip
  FROM range(${rows}) t(i)`;

  const checks: Record<string, string> = {
    'names (norm_name, legal_form, name_core, name_key)':
      'SELECT count(ref.norm_name(name)), count(ref.legal_form(name)), count(ref.name_core(name)), count(ref.name_key(name)) FROM bench_input',
    'domains (registrable_domain, company_domain x2)':
      'SELECT count(ref.registrable_domain(web)), count(ref.company_domain(web)), count(ref.company_domain(email)) FROM bench_input',
    'addresses (state_code, country_iso2, zip5)':
      'SELECT count(ref.state_code(state)), count(ref.country_iso2(country)), count(ref.zip5(zip)) FROM bench_input',
  };

  const warehouse = await openWarehouse(':memory:');
  try {
    return await warehouse.withConnection(async (connection) => {
      await installNormalisation(connection);
      await connection.run(inputs);
      const figures: NormalisationFigure[] = [];
      for (const [check, sql] of Object.entries(checks)) {
        const started = performance.now();
        await connection.runAndReadAll(sql);
        figures.push({ check, rows, seconds: (performance.now() - started) / 1000 });
      }
      return figures;
    });
  } finally {
    await warehouse.close();
  }
}
