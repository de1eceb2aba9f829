import { z } from 'zod';
import { SYSTEMS, type SystemName } from '../dataset/dataset-schema.ts';

/** Chance of each fault per request, 0..1. */
export interface FaultRates {
  tooManyRequests: number;
  serverError: number;
  connectionReset: number;
  slow: number;
}

export interface FaultSpec {
  seed: number;
  /** How long a "slow" response is held before it is answered (beyond the client's timeout). */
  slowMs: number;
  rates: Record<SystemName, FaultRates>;
  /** Chance that one record of a Salesforce update or delete fails with UNABLE_TO_LOCK_ROW, 0..1. */
  salesforceRowLock: number;
  /** Daily request limits; `undefined` keeps each system's default. */
  dailyLimits: Partial<Record<SystemName, number>>;
  /** NetSuite concurrent-request limit (`undefined` keeps the default). */
  netsuiteConcurrency?: number;
  /** HubSpot requests allowed per rolling ten seconds (`undefined` keeps the default). */
  hubspotTenSecondLimit?: number;
}

const KEYS: Record<string, keyof FaultRates> = {
  '429': 'tooManyRequests', '5xx': 'serverError', reset: 'connectionReset', slow: 'slow',
};

const rate = z.coerce.number().min(0).max(1);
const count = z.coerce.number().int().positive();

export function noFaults(): FaultSpec {
  const zero = (): FaultRates => ({ tooManyRequests: 0, serverError: 0, connectionReset: 0, slow: 0 });
  return { seed: 1, slowMs: 35_000, rates: { salesforce: zero(), hubspot: zero(), netsuite: zero() }, salesforceRowLock: 0, dailyLimits: {} };
}

/**
 * Parses `--faults`: comma-separated `key=value` pairs. Rates apply to every system unless prefixed
 * with one (`hubspot.429=0.2`). Example: `429=0.1,5xx=0.05,reset=0.02,slow=0.01,slow-ms=2000,seed=7,
 * salesforce.daily-limit=500,netsuite.concurrency=2,hubspot.ten-second-limit=1000,salesforce.lock=0.1`.
 */
export function parseFaultSpec(text: string | undefined): FaultSpec {
  const spec = noFaults();
  if (!text) return spec;
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [rawKey, rawValue] = part.split('=', 2);
    if (rawKey === undefined || rawValue === undefined) throw new Error(`--faults: "${part}" is not key=value`);
    applyFault(spec, rawKey.trim(), rawValue.trim(), part);
  }
  return spec;
}

function applyFault(spec: FaultSpec, key: string, value: string, part: string): void {
  const [first, second] = key.includes('.') ? key.split('.', 2) : [undefined, key];
  const system = first as SystemName | undefined;
  if (system !== undefined && !SYSTEMS.includes(system)) {
    throw new Error(`--faults: unknown system "${system}" in "${part}" (use salesforce, hubspot or netsuite)`);
  }
  const name = second ?? '';
  const parse = <T>(schema: z.ZodType<T>): T => {
    const result = schema.safeParse(value);
    if (!result.success) throw new Error(`--faults: bad value in "${part}": ${result.error.issues[0]?.message ?? 'invalid'}`);
    return result.data;
  };
  const rateKey = KEYS[name];
  if (rateKey) {
    const r = parse(rate);
    for (const s of system ? [system] : SYSTEMS) spec.rates[s][rateKey] = r;
  } else if (name === 'seed' && !system) spec.seed = parse(z.coerce.number().int());
  else if (name === 'slow-ms' && !system) spec.slowMs = parse(count);
  else if (name === 'daily-limit') {
    const limit = parse(count);
    for (const s of system ? [system] : SYSTEMS) spec.dailyLimits[s] = limit;
  } else if (name === 'concurrency' && (system === 'netsuite' || !system)) spec.netsuiteConcurrency = parse(count);
  else if (name === 'ten-second-limit' && system === 'hubspot') spec.hubspotTenSecondLimit = parse(count);
  else if (name === 'lock') {
    if (system && system !== 'salesforce') {
      throw new Error(`--faults: "${part}": row-lock faults exist only for Salesforce writes; use salesforce.lock=R (or lock=R)`);
    }
    spec.salesforceRowLock = parse(rate);
  } else {
    throw new Error(`--faults: unknown key "${key}" (known: 429, 5xx, reset, slow, slow-ms, seed, daily-limit, netsuite.concurrency, hubspot.ten-second-limit, salesforce.lock)`);
  }
}
