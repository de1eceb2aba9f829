/**
 * The dataset folder contract (see README "Dataset folder"): one NDJSON file per object, fields named
 * exactly as the real APIs name them. Each system declares its objects with these types; the loader
 * turns every file into one table of the sandbox database, `<system>."<object>"`.
 */
export type SystemName = 'salesforce' | 'hubspot' | 'netsuite';

export const SYSTEMS: readonly SystemName[] = ['salesforce', 'hubspot', 'netsuite'];

/** How a field is stored in the sandbox database. */
export type StorageType = 'VARCHAR' | 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'DECIMAL(18,2)' | 'DATE' | 'TIMESTAMP';

export interface FieldSpec {
  /** Name exactly as the API spells it (Salesforce `BillingCountry`, HubSpot `domain`, SuiteQL `companyname`). */
  name: string;
  storage: StorageType;
  /** True when the dataset must give a value (the loader rejects the line otherwise). */
  required?: boolean;
}

export interface ObjectSchema<F extends FieldSpec = FieldSpec> {
  system: SystemName;
  /** API name: `Account`, `companies`, `transaction`. */
  name: string;
  /** Path inside the dataset folder, e.g. `salesforce/Account.ndjson`. */
  file: string;
  /** Primary-key field. */
  key: string;
  fields: F[];
}

/** DuckDB table name of an object in the sandbox database. */
export function tableName(schema: Pick<ObjectSchema, 'system' | 'name'>): string {
  return `${schema.system}."${schema.name}"`;
}
