import jsforce, { type Connection } from 'jsforce';
import { startSandbox, type RunningSandbox, type SandboxOverrides } from '../../../sandbox/sandbox-server.ts';
import { createSalesforce, type SalesforceSystem } from '../../../sandbox/salesforce/salesforce-api.ts';
import { readChanges, type LoggedChange } from '../../../sandbox/store/change-log.ts';
import { makeTempDir, removeDir, writeDataset } from '../../support/dataset-files.ts';

export interface SalesforceFixture {
  sandbox: RunningSandbox;
  url: string;
  system: SalesforceSystem;
  /** A jsforce connection logged in with the username-password flow. */
  connect(version?: string): Promise<Connection>;
  changes(): Promise<LoggedChange[]>;
  close(): Promise<void>;
}

/** Writes the dataset files, serves only Salesforce from them, and connects jsforce like the pipeline does. */
export async function startSalesforce(files: Record<string, readonly object[]>, options?: SandboxOverrides): Promise<SalesforceFixture> {
  const dir = await makeTempDir();
  await writeDataset(dir, files);
  const sandbox = await startSandbox({ dataDir: dir, systems: { salesforce: createSalesforce }, ...(options ? { options } : {}) });
  const url = sandbox.urls.salesforce!;
  const credentials = sandbox.options.salesforce;
  return {
    sandbox,
    url,
    system: sandbox.systems.salesforce as SalesforceSystem,
    connect: async (version = '62.0') => {
      const conn = new jsforce.Connection({ loginUrl: url, version, oauth2: { clientId: credentials.clientId, clientSecret: credentials.clientSecret } });
      await conn.login(credentials.username, credentials.password);
      return conn;
    },
    changes: () => sandbox.db.exclusive((tx) => readChanges(tx, { system: 'salesforce' })),
    close: async () => {
      await sandbox.close();
      await removeDir(dir);
    },
  };
}

/** An 18-character id from a key prefix and a number (`id('001', 7)` → `001000000000007AAA`). */
export function sfId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(12, '0')}AAA`;
}

/** What jsforce throws for an API error: name = errorCode. */
export async function apiError(promise: PromiseLike<unknown>): Promise<{ name: string; message: string; errorCode?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string; errorCode?: string };
  }
  throw new Error('expected the call to fail');
}
