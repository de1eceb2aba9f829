import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Debian's chromium on the PATH, or null. */
export function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
    } catch {
      // not installed under this name
    }
  }
  return null;
}

export interface RenderedPage {
  /** The DOM after load, serialised by the browser. */
  dom: string;
  /** Every console message the page produced (Chromium logs them all at INFO, errors included). */
  consoleMessages: string[];
}

/** Loads a local HTML file in headless Chromium, offline, and returns the DOM and the console messages. */
export async function renderInChromium(chromium: string, file: string): Promise<RenderedPage> {
  const profile = await mkdtemp(path.join(tmpdir(), 'closeloop-chromium-'));
  try {
    const { stdout, stderr } = await run(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions',
      `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', '--dump-dom', pathToFileURL(file).href,
    ]);
    const consoleMessages = stderr.split('\n').filter((line) => /:CONSOLE[:(]/.test(line));
    return { dom: stdout, consoleMessages };
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${command} exited with ${code}: ${stderr.slice(-2000)}`))));
  });
}
