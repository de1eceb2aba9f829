import { Command } from 'commander';
import { vi } from 'vitest';
import { registerReportCommand } from '../../cli/report-command.ts';

/** Runs `closeloop report …` in this process; a thrown error is reported as the CLI reports it (exit 1). */
export async function runReport(args: string[]): Promise<{ exitCode: unknown; out: string; error: string }> {
  const out: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
  registerReportCommand(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['report', ...args], { from: 'user' });
    return { exitCode: process.exitCode, out: out.join('\n'), error: '' };
  } catch (error) {
    return { exitCode: 1, out: out.join('\n'), error: error instanceof Error ? error.message : String(error) };
  } finally {
    spy.mockRestore();
    process.exitCode = undefined;
  }
}
