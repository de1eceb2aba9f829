import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** The shell commands between the README's tour markers, exactly as a reader would copy them. */
function tourScript(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- tour:start -->\s*```sh\n([\s\S]*?)```\s*<!-- tour:end -->/.exec(readme);
  if (!block) throw new Error('README.md has no tour block between <!-- tour:start --> and <!-- tour:end -->');
  return block[1]!;
}

/** A fresh checkout: the repository's files (as git would check them out), with the installed node_modules. */
function checkout(dir: string): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    try {
      cpSync(path.join(ROOT, file), path.join(dir, file));
    } catch {
      // a file git lists that is deleted in the working tree
    }
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
}

describe('the README tour', () => {
  it('works as written in a fresh checkout', async () => {
    const dir = await makeTempDir('closeloop-tour-');
    cleanup.push(() => removeDir(dir));
    checkout(dir);
    // `set -m`: job control, as in the terminal a reader types into (so `kill %1` stops the whole job).
    const script = `set -euo pipefail -m\ntrap 'kill %1 2>/dev/null || true' EXIT\n${tourScript()}`;
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('bash', ['-c', script], { cwd: dir, detached: true, env: { ...process.env, CLOSELOOP_LOG_LEVEL: 'warn' } });
      const stopAll = (): void => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      const timer = setTimeout(stopAll, 280_000);
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('exit', (code) => {
        clearTimeout(timer);
        stopAll();
        resolve({ code, output });
      });
    });
    expect(result.code, result.output.slice(-4000)).toBe(0);
    expect(result.output).toMatch(/Run run-\S+ \(as of [^)]+\) (succeeded|finished with warnings)/);
    expect(result.output).toMatch(/^\s*findings\s*$|category.*findings/m);
    expect(result.output).toMatch(/Write-back plan \(dry run: nothing was written\)/);
    expect(result.output).toMatch(/leakage-\d{4}-\d{2}\.xlsx/);
  }, 300_000);
});
