import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/pipeline-config.ts';

describe('closeloop.example.json', () => {
  it('is a valid config naming every section, with secrets only as environment variable names', () => {
    const { config, secret } = loadConfig(path.resolve(import.meta.dirname, '../../closeloop.example.json'), {});
    expect(Object.keys(config).sort()).toEqual(['alerts', 'leakage', 'publish', 'reports', 'reverse', 'schedule', 'sources', 'warehouse']);
    expect(Object.keys(config.sources).sort()).toEqual(['hubspot', 'netsuite', 'salesforce']);
    expect(() => secret(config.sources.hubspot!.accessTokenEnv)).toThrow(/Environment variable HUBSPOT_ACCESS_TOKEN is not set/);
  });
});
