import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../cli/closeloop.ts');

export interface MeasuredRun {
  ms: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  stdout: string;
  stderr: string;
}

const PEAK_RSS_HOOK = path.resolve(import.meta.dirname, 'report-peak-rss.ts');

/**
 * Runs a script on the same Node as the bench and measures it: wall time, and peak RSS and JS heap
 * (MiB), which the child reports itself through an exit hook (/usr/bin/time is not everywhere).
 * Rejects when the exit code is not accepted. `passStderr` shows the child's progress as it comes.
 */
export function runMeasured(script: string, args: string[], options: { acceptExit?: (code: number | null) => boolean; passStderr?: boolean } = {}): Promise<MeasuredRun> {
  const started = performance.now();
  const accept = options.acceptExit ?? ((code) => code === 0);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PEAK_RSS_HOOK, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      stderr += text;
      if (options.passStderr) process.stderr.write(text.replace(/^peak-(rss|heap)-kib=.*\n?/gm, ''));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const mib = (key: string): number => Number(new RegExp(`${key}=(\\d+)`).exec(stderr)?.[1] ?? Number.NaN) / 1024;
      if (!accept(code)) reject(new Error(`${path.basename(script)} ${args.join(' ')} exited ${code}:\n${stderr.slice(-4000)}`));
      else resolve({ ms: performance.now() - started, peakRssMiB: mib('peak-rss-kib'), peakHeapMiB: mib('peak-heap-kib'), stdout, stderr });
    });
  });
}

/** The JSON a measured child printed on its `<name>=` line. */
export function childFigure<T>(run: MeasuredRun, name: string): T {
  const line = new RegExp(`^${name}=(.*)$`, 'm').exec(run.stdout)?.[1];
  if (line === undefined) throw new Error(`The bench child printed no ${name}= line:\n${run.stderr.slice(-4000)}`);
  return JSON.parse(line) as T;
}

/** Runs the closeloop CLI, measured (extract's exit 2, finished with warnings, is still a measured run). */
export function runCli(args: string[]): Promise<MeasuredRun> {
  return runMeasured(CLI, args, { acceptExit: (code) => code === 0 || (args[0] === 'extract' && code === 2) });
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
