import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendAlerts, type Alert } from '../../ops/alerts.ts';
import { clearRegisteredSecrets, registerSecrets } from '../../ops/secret-redaction.ts';

interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

/** A local stand-in for Slack's incoming webhook: answers each request with the next scripted status. */
let server: Server;
let base: string;
let script: number[] = [];
let received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((text) => {
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(text) });
      const status = script.shift() ?? 200;
      if (status === 429) res.setHeader('retry-after', '0');
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : status === 404 ? 'no_service' : 'oops');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  clearRegisteredSecrets();
  await new Promise((resolve) => server.close(resolve));
});

function reset(statuses: number[]): void {
  script = statuses;
  received = [];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
  });
}

const alerts: Alert[] = [
  { kind: 'failure', severity: 'error', title: 'Run run-1 failed', detail: '• extract: HTTP 500' },
  { kind: 'stale_source', severity: 'warning', title: 'Stale source(s): netsuite', detail: '• netsuite: never extracted successfully' },
];
const fast = { backoffMs: 5 };

describe('sendAlerts', () => {
  it('posts one Slack-compatible message per run: fallback text, a header and an mrkdwn section per alert', async () => {
    reset([200]);
    const result = await sendAlerts(`${base}/services/T0/B0/abc`, alerts, { ...fast, heading: 'closeloop run run-1' });
    expect(result).toEqual({ delivered: true, attempts: 1, status: 200 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/services/T0/B0/abc', contentType: 'application/json' });
    expect(received[0]!.body).toEqual({
      text: 'closeloop run run-1: Run run-1 failed; Stale source(s): netsuite',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'closeloop run run-1' } },
        { type: 'section', text: { type: 'mrkdwn', text: ':red_circle: *Run run-1 failed*\n• extract: HTTP 500' } },
        { type: 'section', text: { type: 'mrkdwn', text: ':warning: *Stale source(s): netsuite*\n• netsuite: never extracted successfully' } },
      ],
    });
  });

  it('retries a 500 and a 429 with backoff, then delivers', async () => {
    reset([500, 429, 200]);
    const result = await sendAlerts(`${base}/hook`, alerts, fast);
    expect(result).toEqual({ delivered: true, attempts: 3, status: 200 });
    expect(received).toHaveLength(3);
    expect(received[2]!.body).toEqual(received[0]!.body);
  });

  it('gives up after the attempts and returns why, without the URL; a 404 is not retried', async () => {
    reset([500, 500, 500]);
    const url = `${base}/services/T0/B0/secret-part`;
    const failed = await sendAlerts(url, alerts, { ...fast, attempts: 3 });
    expect(failed).toEqual({ delivered: false, attempts: 3, status: 500, error: 'the webhook answered HTTP 500: oops' });
    reset([404]);
    expect(await sendAlerts(url, alerts, fast)).toEqual({ delivered: false, attempts: 1, status: 404, error: 'the webhook answered HTTP 404: no_service' });
  });

  it('never throws when the webhook is unreachable, and keeps the URL out of the result', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/services/T0/B0/secret-part`;
    await new Promise((resolve) => closed.close(resolve));
    const result = await sendAlerts(url, alerts, { ...fast, attempts: 2 });
    expect(result.delivered).toBe(false);
    expect(result.attempts).toBe(2);
    expect(result.error).toMatch(/^the webhook could not be reached: fetch failed/);
    expect(JSON.stringify(result)).not.toContain('secret-part');
  });

  it('times out a webhook that does not answer', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const result = await sendAlerts(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/h`, alerts, { ...fast, attempts: 1, timeoutMs: 100 });
      expect(result).toEqual({ delivered: false, attempts: 1, error: 'the webhook could not be reached: timed out' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('redacts secrets from the message, and sends nothing when there is nothing to say', async () => {
    registerSecrets(['tok-12345-secret']);
    reset([200]);
    await sendAlerts(`${base}/hook`, [{ kind: 'failure', severity: 'error', title: 'Run failed', detail: 'HTTP 401 for tok-12345-secret' }], fast);
    expect(JSON.stringify(received[0]!.body)).not.toContain('tok-12345-secret');
    expect(JSON.stringify(received[0]!.body)).toContain('HTTP 401 for [redacted]');
    reset([]);
    expect(await sendAlerts(`${base}/hook`, [], fast)).toEqual({ delivered: false, attempts: 0, error: 'nothing to send' });
    expect(received).toEqual([]);
  });
});
