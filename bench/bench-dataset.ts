import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './child-process.ts';

export const BENCH_SEED = 1;
export const BENCH_DATASET_AS_OF = '2026-11-01';
const CUSTOMER_FILES = ['salesforce/Account.ndjson', 'hubspot/companies.ndjson', 'netsuite/customer.ndjson'];

/** The generated dataset of `companies` in the bench folder (the one every section shares), made when missing or incomplete. */
export async function ensureDataset(workDir: string, companies: number): Promise<{ dir: string; generateSeconds: number | null }> {
  const dir = path.join(workDir, `companies-${companies}`);
  if (await datasetComplete(dir, companies)) return { dir, generateSeconds: null };
  const run = await runCli(['sandbox', 'generate', '--out', dir, '--companies', String(companies), '--seed', String(BENCH_SEED), '--as-of', BENCH_DATASET_AS_OF]);
  return { dir, generateSeconds: run.ms / 1000 };
}

/** A dataset folder written to the end by the generator for this size and seed (truth.json is written last). */
export async function datasetComplete(dir: string, companies: number): Promise<boolean> {
  const truth = path.join(dir, 'truth.json');
  if (!existsSync(truth) || CUSTOMER_FILES.some((file) => !existsSync(path.join(dir, file)))) return false;
  const file = await open(truth, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, 200));
    await file.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, 16));
    await file.read(tail, 0, tail.length, size - tail.length);
    const text = head.toString('utf8');
    return /"seed":\s*(\d+)/.exec(text)?.[1] === String(BENCH_SEED) && /"companies":\s*(\d+)/.exec(text)?.[1] === String(companies)
      && tail.toString('utf8').trimEnd().endsWith('}');
  } finally {
    await file.close();
  }
}
