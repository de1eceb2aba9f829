import { createLogUpdate } from 'log-update';
import type { ExtractProgress, StreamSummary } from '../extract/run-extract.ts';

interface StreamLine {
  key: string;
  records: number;
  pages: number;
  started: number;
  state: string;
}

export type ProgressOutput = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Shows extract progress: on a terminal, one live line per stream (rows, rate, state) redrawn in
 * place; otherwise plain log lines, at most one per stream every `intervalMs`, plus one when a stream ends.
 */
export function createExtractProgress(output: ProgressOutput = process.stderr, intervalMs = 10_000): (event: ExtractProgress) => void {
  const lines = new Map<string, StreamLine>();
  const lastLogged = new Map<string, number>();
  const live = output.isTTY ? createLogUpdate(output) : undefined;
  const redraw = (): void => live?.([...lines.values()].map(render).join('\n'));
  const log = (line: StreamLine, force: boolean): void => {
    const now = Date.now();
    if (!force && now - (lastLogged.get(line.key) ?? 0) < intervalMs) return;
    lastLogged.set(line.key, now);
    output.write(`${new Date(now).toISOString()} extract ${render(line).trim()}\n`);
  };

  return (event) => {
    const line = update(lines, event);
    if (output.isTTY) redraw();
    else log(line, event.kind !== 'page-landed');
  };
}

function update(lines: Map<string, StreamLine>, event: ExtractProgress): StreamLine {
  const source = event.kind === 'stream-finished' ? event.summary.source : event.source;
  const stream = event.kind === 'stream-finished' ? event.summary.stream : event.stream;
  const key = `${source}/${stream}`;
  const line = lines.get(key) ?? { key, records: 0, pages: 0, started: Date.now(), state: 'reading' };
  lines.set(key, line);
  if (event.kind === 'stream-started') line.state = event.fullRefresh ? 'reading (full refresh)' : 'reading';
  if (event.kind === 'page-landed') Object.assign(line, { records: event.records, pages: event.pages });
  if (event.kind === 'stream-finished') Object.assign(line, { records: event.summary.records, pages: event.summary.pages, state: finishedState(event.summary) });
  return line;
}

function render(line: StreamLine): string {
  const seconds = Math.max((Date.now() - line.started) / 1000, 0.001);
  const rate = Math.round(line.records / seconds);
  return `  ${line.key.padEnd(34)} ${String(line.records).padStart(9)} rows ${String(line.pages).padStart(5)} pages ${String(rate).padStart(7)} rows/s  ${line.state}`;
}

function finishedState(summary: StreamSummary): string {
  return summary.status === 'ok' ? 'done' : summary.status.replace('_', ' ');
}
