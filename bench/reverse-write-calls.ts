// Write calls of one reverse run, per CRM object, against the fewest the APIs allow: the HTTP
// requests that carried records (as meta.api_calls recorded them, retries included) beside
// ceil(changed / records per call).
import { COLLECTION_LIMIT } from '../reverse/salesforce-writer.ts';
import { HUBSPOT_BATCH_LIMIT } from '../reverse/hubspot-writer.ts';

/** meta.api_calls of the run, counted per request kind. */
export interface CallCount {
  readonly system: string;
  readonly method: string;
  readonly endpoint: string;
  readonly calls: number;
  /** Attempts that were retries of an earlier one. */
  readonly retries: number;
}

export interface BulkSettings {
  readonly threshold: number;
  readonly jobSize: number;
}

export interface ObjectWriteCalls {
  readonly system: string;
  readonly object: string;
  readonly changed: number;
  /** How the records travelled: sObject Collections, Bulk API 2.0 jobs, or HubSpot batch update. */
  readonly route: 'collections' | 'bulk jobs' | 'batch update' | 'none';
  /** Records per call (per job for Bulk API 2.0). */
  readonly limit: number;
  /** Requests that carried records: collection PATCHes, Bulk API 2.0 uploads (one per job), HubSpot batch updates. */
  readonly writeCalls: number;
  readonly minimum: number;
  /** Bulk API 2.0 requests around the uploads (open, close, status checks, results). */
  readonly jobCalls: number;
  readonly retries: number;
}

const isCollection = (c: CallCount): boolean => c.system === 'salesforce' && c.method === 'PATCH' && c.endpoint.endsWith('/composite/sobjects');
const isBulkUpload = (c: CallCount): boolean => c.system === 'salesforce' && c.method === 'PUT' && c.endpoint.endsWith('/jobs/ingest/{id}/batches');
const isBulkJobCall = (c: CallCount): boolean => c.system === 'salesforce' && c.endpoint.includes('/jobs/ingest') && !isBulkUpload(c);
const isHubspotUpdate = (object: string) => (c: CallCount): boolean => c.system === 'hubspot' && c.method === 'POST' && c.endpoint === `/crm/v3/objects/${object}/batch/update`;

function route(system: string, changed: number, bulk: BulkSettings): Pick<ObjectWriteCalls, 'route' | 'limit'> {
  if (changed === 0) return { route: 'none', limit: system === 'hubspot' ? HUBSPOT_BATCH_LIMIT : COLLECTION_LIMIT };
  if (system === 'hubspot') return { route: 'batch update', limit: HUBSPOT_BATCH_LIMIT };
  return changed > bulk.threshold ? { route: 'bulk jobs', limit: bulk.jobSize } : { route: 'collections', limit: COLLECTION_LIMIT };
}

/**
 * Write calls per object. Salesforce's collection and Bulk API endpoints do not name the object, so
 * its calls are given to the one Salesforce object with changes; with changes in several this throws.
 */
export function writeCallsPerObject(changed: readonly { system: string; object: string; changed: number }[], calls: readonly CallCount[], bulk: BulkSettings): ObjectWriteCalls[] {
  const salesforceWithChanges = changed.filter((c) => c.system === 'salesforce' && c.changed > 0);
  if (salesforceWithChanges.length > 1) throw new Error(`The reverse bench counts Salesforce write calls for one object only, but ${salesforceWithChanges.map((c) => c.object).join(' and ')} both had changes.`);
  const sum = (match: (c: CallCount) => boolean, key: 'calls' | 'retries' = 'calls'): number => calls.filter(match).reduce((n, c) => n + c[key], 0);
  return changed.map(({ system, object, changed: n }) => {
    const { route: how, limit } = route(system, n, bulk);
    const mine = system === 'hubspot' ? isHubspotUpdate(object) : n > 0 ? (c: CallCount) => isCollection(c) || isBulkUpload(c) : () => false;
    const jobCalls = system === 'salesforce' && n > 0 ? sum(isBulkJobCall) : 0;
    return {
      system, object, changed: n, route: how, limit, writeCalls: sum(mine), minimum: Math.ceil(n / limit), jobCalls,
      retries: sum(mine, 'retries') + (system === 'salesforce' && n > 0 ? sum(isBulkJobCall, 'retries') : 0),
    };
  });
}

/** Lines naming every object whose write calls differ from the minimum (empty when all are equal). */
export function callMismatches(label: string, objects: readonly ObjectWriteCalls[]): string[] {
  return objects.filter((o) => o.writeCalls !== o.minimum).map((o) =>
    `${label}: ${o.system} ${o.object} took ${o.writeCalls} write calls for ${o.changed} changed records, the minimum is ${o.minimum} (ceil(${o.changed} / ${o.limit}, ${o.route}))`
    + (o.retries > 0 ? `; ${o.retries} of the calls were retries` : ''));
}
