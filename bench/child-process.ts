import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../cli/closeloop.ts');

/** Runs the closeloop CLI on the same Node as the bench; resolves with wall time and peak RSS (MiB). */
export function runCli(args: string[]): Promise<{ ms: number; peakRssMiB: number; peakHeapMiB: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // /usr/bin/time is not everywhere: the child reports its own peak RSS through an exit hook.
    const child = spawn(process.execPath, ['--import', path.resolve(import.meta.dirname, 'report-peak-rss.ts'), CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /peak-rss-kib=(\d+)/.exec(stderr);
      const heap = /peak-heap-kib=(\d+)/.exec(stderr);
      const mib = (match: RegExpExecArray | null): number => (match ? Number(match[1]) / 1024 : Number.NaN);
      // extract exits 2 when it finished with warnings: still a measured run.
      if (code !== 0 && !(args[0] === 'extract' && code === 2)) reject(new Error(`closeloop ${args.join(' ')} exited ${code}:\n${stderr}`));
      else resolve({ ms: performance.now() - started, peakRssMiB: mib(rss), peakHeapMiB: mib(heap), stdout });
    });
  });
}

/** Starts `closeloop sandbox serve` in a child process and waits until its config file is written. */
export function startServeChild(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'sandbox', 'serve', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Serving until stopped')) resolve(child);
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`sandbox serve exited ${code} before it was ready:\n${out}`)));
  });
}
