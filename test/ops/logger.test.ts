import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, logLevel } from '../../ops/logger.ts';
import { clearRegisteredSecrets, registerSecrets } from '../../ops/secret-redaction.ts';

afterEach(() => clearRegisteredSecrets());

function capture(level?: string): { lines: () => Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
  const chunks: string[] = [];
  const logger = createLogger({ level, destination: { write: (chunk: string) => void chunks.push(chunk) }, env: {} });
  return { logger, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level, time and message', () => {
    const { logger, lines } = capture();
    logger.info({ stage: 'extract', rows: 12 }, 'stage finished');
    expect(lines()[0]).toMatchObject({ level: 30, name: 'closeloop', stage: 'extract', rows: 12, msg: 'stage finished' });
    expect(String(lines()[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('never writes a secret: not in messages, interpolations, fields, nested headers or errors', () => {
    registerSecrets(['sf-password-123', 'pat-na1-token-value']);
    const { logger, lines } = capture();
    logger.info('login as integration with sf-password-123');
    logger.warn('retrying %s', 'Bearer pat-na1-token-value');
    logger.info({ password: 'anything', request: { headers: { authorization: 'Bearer xyz' } }, config: { sources: { hubspot: { accessToken: 'plain' } } } }, 'request');
    logger.error({ err: new Error('INVALID_LOGIN sf-password-123', { cause: new Error('oauth_signature=abc%3D') }) }, 'extract failed');
    logger.error(new TypeError('bad sf-password-123'));
    const text = JSON.stringify(lines());
    expect(text).not.toMatch(/sf-password-123|pat-na1-token-value|anything|xyz|plain|abc%3D/);
    expect(lines()[0]!.msg).toBe('login as integration with [redacted]');
    expect(lines()[2]).toMatchObject({ password: '[redacted]', request: { headers: { authorization: '[redacted]' } }, config: { sources: { hubspot: { accessToken: '[redacted]' } } } });
    expect(lines()[3]).toMatchObject({ msg: 'extract failed', err: { type: 'Error', message: 'INVALID_LOGIN [redacted]', cause: { message: 'oauth_signature=[redacted]' } } });
    expect(lines()[4]).toMatchObject({ msg: 'bad [redacted]', err: { type: 'TypeError', message: 'bad [redacted]' } });
  });

  it('logs an HTTP client error as type, message and stack only: never the request headers it carries', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('Response code 401 (Unauthorized)'), {
      options: { headers: { authorization: 'OAuth realm="1",oauth_token="tok-id-123",oauth_signature="sig"' } },
      response: { statusCode: 401 },
    });
    logger.error({ err: error }, 'suiteql failed');
    expect(JSON.stringify(lines())).not.toMatch(/tok-id-123|oauth_signature/);
    expect(Object.keys(lines()[0]!.err as object).sort()).toEqual(['message', 'stack', 'type']);
  });

  it('takes its level from CLOSELOOP_LOG_LEVEL, info by default, and refuses an unknown one', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    expect(lines().map((l) => l.msg)).toEqual(['shown']);
    expect(logLevel(undefined)).toBe('info');
    expect(logLevel('DEBUG')).toBe('debug');
    expect(createLogger({ env: { CLOSELOOP_LOG_LEVEL: 'error' }, destination: { write: () => undefined } }).level).toBe('error');
    expect(() => logLevel('verbose')).toThrow(/CLOSELOOP_LOG_LEVEL=verbose is not a log level: use one of fatal, error, warn, info, debug, trace, silent/);
  });
});
