import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** The part of a truth.json customer the matching evaluation needs: its record ids per system. */
export interface TruthCustomerIds {
  readonly key: string;
  readonly salesforce: readonly string[];
  readonly hubspot: readonly string[];
  readonly netsuite: readonly string[];
}

const SECTION_START = '"customers": [';

/**
 * Streams the `customers` section of a generated truth.json. The generator writes one customer per
 * line between a `"customers": [` line and a `]` line, so only one line is held in memory at a time.
 */
export async function* readTruthCustomers(file: string): AsyncGenerator<TruthCustomerIds> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let inSection = false;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!inSection) {
      inSection = line.trim() === SECTION_START;
      continue;
    }
    const entry = line.trim().replace(/,$/, '');
    if (entry === ']') return;
    if (entry === '') continue;
    yield parseCustomer(entry, file, lineNumber);
  }
  throw new Error(
    inSection
      ? `${file} ended inside the customers section (no closing "]"); the file is truncated — generate the dataset again.`
      : `${file} has no line "${SECTION_START}"; expected a truth.json written by the dataset generator.`,
  );
}

function parseCustomer(entry: string, file: string, lineNumber: number): TruthCustomerIds {
  let value: unknown;
  try {
    value = JSON.parse(entry);
  } catch (error) {
    throw new Error(`${file} line ${lineNumber}: the customer is not valid JSON (${(error as Error).message}).`, { cause: error });
  }
  const customer = value as Partial<Record<keyof TruthCustomerIds, unknown>>;
  for (const field of ['salesforce', 'hubspot', 'netsuite'] as const) {
    if (!Array.isArray(customer[field])) {
      throw new Error(`${file} line ${lineNumber}: customer ${String(customer.key)} has no "${field}" id array.`);
    }
  }
  return value as TruthCustomerIds;
}
