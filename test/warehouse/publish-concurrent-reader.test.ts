import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishWarehouse } from '../../warehouse/publish-warehouse.ts';
import { useWarehouseFixture } from './warehouse-fixture.ts';
import { seededWarehouse, setVersion } from './publish-fixture.ts';

const fixture = useWarehouseFixture();
const PUBLISHES = 5;

/**
 * The analyst: a second process that holds the published file open read-only for its whole life
 * (`held`), opens it afresh again and again (`fresh`), and reads the Parquet exports through the link
 * (`parquet`). Every read checks that both marts belong to the same publish: sum(a) = sum(b).
 */
const READER = `
import { DuckDBInstance } from ${JSON.stringify(import.meta.resolve('@duckdb/node-api'))};
import { realpathSync } from 'node:fs';
const [file, parquetLink] = process.argv.slice(-2);
const CHECK = (a, b) => \`SELECT (SELECT sum(amount) FROM \${a})::BIGINT AS a, (SELECT sum(amount) FROM \${b})::BIGINT AS b,
  (SELECT max(version) FROM \${a}) AS va, (SELECT max(version) FROM \${b}) AS vb\`;
const read = async (connection, mode, sql) => {
  const [row] = (await connection.runAndReadAll(sql)).getRowObjectsJS();
  return { mode, a: Number(row.a), b: Number(row.b), va: row.va, vb: row.vb };
};
const freshRead = async () => {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try { return await read(await instance.connect(), 'fresh', CHECK('mart.a', 'mart.b')); } finally { instance.closeSync(); }
};
const parquetRead = async (connection) => {
  const version = realpathSync(parquetLink); // resolve the link once: one export, never a mix
  return read(connection, 'parquet', CHECK(\`read_parquet('\${version}/a.parquet')\`, \`read_parquet('\${version}/b.parquet')\`));
};
const held = await (await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })).connect();
const seen = [await read(held, 'held', CHECK('mart.a', 'mart.b'))];
let stopping = false;
process.stdin.on('data', () => { stopping = true; });
process.stdout.write('ready\\n');
while (!stopping) {
  seen.push(await read(held, 'held', CHECK('mart.a', 'mart.b')), await freshRead(), await parquetRead(held));
  await new Promise((resolve) => setTimeout(resolve, 5));
}
seen.push(await freshRead(), await parquetRead(held));
process.stdout.write(JSON.stringify(seen) + '\\n');
process.exit(0);
`;

interface Observation {
  mode: 'held' | 'fresh' | 'parquet';
  a: number;
  b: number;
  va: number;
  vb: number;
}


function startReader(file: string, parquetLink: string): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', READER, file, parquetLink], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      signalReady();
      resolve({ code, stdout, stderr });
    });
  });
  return { child, ready, done };
}

describe('publishing while an analyst holds the published file open', () => {
  it('never blocks the publish, and the reader sees the old or the new state, never a mix', async () => {
    const warehouse = await seededWarehouse(() => fixture.open(fixture.newPath('job')), 500000);
    const dir = path.join(path.dirname(warehouse.path), 'published-concurrent');
    const first = await publishWarehouse(warehouse, { dir, parquet: true });
    const reader = startReader(first.file, first.parquetDir!);
    await reader.ready;

    for (let version = 1; version <= PUBLISHES; version += 1) {
      await setVersion(warehouse, version);
      await publishWarehouse(warehouse, { dir, parquet: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    reader.child.stdin.end('stop\n');
    const { code, stdout, stderr } = await reader.done;

    expect(code, stderr).toBe(0);
    const seen = JSON.parse(stdout.split('\n')[1]!) as Observation[];
    for (const observation of seen) {
      expect(observation.a, JSON.stringify(observation)).toBe(observation.b);
      expect(observation.va, JSON.stringify(observation)).toBe(observation.vb);
      expect(observation.a).toBe(1000 * (observation.va + 1));
    }
    const versions = (mode: Observation['mode']): number[] => seen.filter((o) => o.mode === mode).map((o) => o.va);
    // The file held open stays the snapshot it opened; new opens and the Parquet link move forward, in order.
    expect(new Set(versions('held'))).toEqual(new Set([0]));
    for (const mode of ['fresh', 'parquet'] as const) {
      expect(versions(mode)).toEqual([...versions(mode)].sort((x, y) => x - y));
      expect(versions(mode).at(-1)).toBe(PUBLISHES);
      expect(new Set(versions(mode)).size).toBeGreaterThan(2);
    }
  });
});
