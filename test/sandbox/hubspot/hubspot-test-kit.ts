import { Client } from '@hubspot/api-client';
import { makeTempDir, removeDir, writeDataset } from '../../support/dataset-files.ts';
import { startSandbox, type RunningSandbox, type SandboxOverrides } from '../../../sandbox/sandbox-server.ts';
import { createHubspot } from '../../../sandbox/hubspot/hubspot-api.ts';
import { readChanges, type LoggedChange } from '../../../sandbox/store/change-log.ts';

/** One dataset record in the HubSpot wire shape. */
export interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

const CREATED = '2024-01-01T00:00:00.000Z';

export function record(id: number | string, properties: Record<string, string | null>, extra: Partial<HsRecord> = {}): HsRecord {
  const updatedAt = extra.updatedAt ?? properties.hs_lastmodifieddate ?? CREATED;
  return {
    id: String(id),
    properties: { hs_object_id: String(id), createdate: CREATED, hs_lastmodifieddate: updatedAt, ...properties },
    createdAt: CREATED,
    updatedAt,
    archived: false,
    ...extra,
  };
}

/** A deal, optionally associated with a company (`deal_to_company`). */
export function deal(id: number, properties: Record<string, string | null>, companyId?: number): HsRecord {
  const associations = companyId === undefined ? undefined : { companies: { results: [{ id: String(companyId), type: 'deal_to_company' }] } };
  return record(id, { pipeline: 'default', ...properties }, associations ? { associations } : {});
}

export function archived(base: HsRecord, at = '2024-02-01T00:00:00.000Z'): HsRecord {
  return { ...base, archived: true, archivedAt: at };
}

export interface HubspotHarness {
  sandbox: RunningSandbox;
  url: string;
  token: string;
  /** A fresh official client (each one re-installs the SDK's global retry decorator). */
  client(retries?: number): Client;
  /** Raw request for what the client cannot send. */
  fetch(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  changes(sinceSeq?: number): Promise<LoggedChange[]>;
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}

/** Writes the dataset to a temp folder and serves only the HubSpot emulator on it. */
export async function startHubspot(files: Record<string, readonly object[]>, options: SandboxOverrides = {}): Promise<HubspotHarness> {
  const dir = await makeTempDir('closeloop-hubspot-');
  await writeDataset(dir, files);
  const sandbox = await startSandbox({ dataDir: dir, systems: { hubspot: createHubspot }, options });
  const url = sandbox.urls.hubspot!;
  const token = sandbox.options.hubspot.accessToken;
  const changes = (sinceSeq = 0): Promise<LoggedChange[]> =>
    sandbox.db.exclusive((tx) => readChanges(tx, { system: 'hubspot', sinceSeq }));
  return {
    sandbox, url, token, changes,
    client: (retries = 0) => new Client({ accessToken: token, basePath: url, numberOfApiCallRetries: retries }),
    fetch: (path, init = {}) => fetch(`${url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${init.token ?? token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    }),
    lastSeq: async () => (await changes()).at(-1)?.seq ?? 0,
    close: async () => {
      await sandbox.close();
      await removeDir(dir);
    },
  };
}

/** The ApiException the client throws, for assertions on code and body. */
export async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: number; body?: unknown; headers?: Record<string, string> };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, body: e.body as Record<string, unknown>, headers: e.headers ?? {} };
  }
  throw new Error('expected the call to fail');
}
