import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh temporary directory; remove it with `removeDir` in afterAll. */
export function makeTempDir(prefix = 'closeloop-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Writes a dataset folder: one NDJSON file per entry, e.g. `{ 'salesforce/Account.ndjson': [{ Id: '001…' }] }`. */
export async function writeDataset(dir: string, files: Record<string, readonly object[]>): Promise<string> {
  for (const [file, records] of Object.entries(files)) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
  }
  return dir;
}
