import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../sandbox/faults/fault-spec.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { sandboxForExtract } from '../extract/extract-support.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** A local stand-in for a Slack incoming webhook: records each message it receives. */
async function webhookReceiver(): Promise<{ url: string; messages: { text: string; blocks: unknown[] }[] }> {
  const messages: { text: string; blocks: unknown[] }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      messages.push(JSON.parse(body) as { text: string; blocks: unknown[] });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secret-path`, messages };
}

describe('alerts and status of the nightly run', () => {
  it('a run that stops at a quota and leaves a source stale alerts the webhook once; status exits 1 naming the stale source', async () => {
    const dir = await makeTempDir('closeloop-alerts-');
    cleanup.push(() => removeDir(dir));
    const { sandbox, configFile } = await sandboxForExtract(dir, { faults: parseFaultSpec('salesforce.daily-limit=10') }, 40);
    cleanup.push(() => sandbox.close());
    const receiver = await webhookReceiver();
    const config = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
    await writeFile(configFile, JSON.stringify({ ...config, alerts: { webhookUrlEnv: 'CLOSELOOP_ALERT_WEBHOOK_URL', staleAfterHours: 36, deadLetterGrowth: 0 } }));
    await appendFile(path.join(dir, 'closeloop.env'), `CLOSELOOP_ALERT_WEBHOOK_URL=${receiver.url}\n`);

    const run = await closeloop(['run', '--config', configFile, '--stages', 'extract,build']);
    // The first run stops Salesforce before two of its streams ever landed: they are built empty, and it warns.
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toMatch(/^ {2}build +ok /m);
    expect(run.stdout).toMatch(/Alerted the webhook \(CLOSELOOP_ALERT_WEBHOOK_URL\): quota_stop, stale_source/);
    expect(run.stdout + run.stderr).not.toContain('secret-path');
    expect(receiver.messages).toHaveLength(1);
    const [message] = receiver.messages;
    expect(message!.text).toMatch(/salesforce/i);
    expect(JSON.stringify(message!.blocks)).toMatch(/quota/i);
    expect(JSON.stringify(message!.blocks)).toMatch(/salesforce.*stale|stale.*salesforce/i);

    const status = await closeloop(['status', '--config', configFile]);
    expect(status.code, status.stdout + status.stderr).toBe(1);
    expect(status.stdout).toMatch(/^ {2}salesforce +never extracted successfully +STALE$/m);
    expect(status.stdout).toMatch(/^ {2}hubspot +last extracted \S+ \(0\.0 h ago\)$/m);
    expect(status.stdout).toMatch(/^ {2}run-\S+ +warning /m);
    const json = JSON.parse((await closeloop(['status', '--config', configFile, '--json'])).stdout) as { freshness: { source: string; stale: boolean }[] };
    expect(json.freshness.filter((f) => f.stale).map((f) => f.source)).toEqual(['salesforce']);
  }, 120_000);
});
