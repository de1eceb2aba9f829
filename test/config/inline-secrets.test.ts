import { afterAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/pipeline-config.ts';
import { credentialShape, inlineSecretProblems } from '../../config/inline-secrets.ts';
import { sandboxPipelineConfig } from '../../sandbox/sandbox-config-writer.ts';
import { resolveOptions } from '../../sandbox/sandbox-server.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

async function configFile(content: unknown): Promise<string> {
  const dir = await makeTempDir();
  dirs.push(dir);
  const file = path.join(dir, 'closeloop.json');
  await writeFile(file, JSON.stringify(content));
  return file;
}

const HUBSPOT_TOKEN = 'pat-na1-7c1f0b8e-2d4a-4f3b-9e6a-0123456789ab';

describe('secrets written inline in the config file', () => {
  it('are refused by loadConfig, naming the key and the variable to use instead, never the value', async () => {
    const file = await configFile({ sources: { hubspot: { baseUrl: 'https://api.hubapi.com', accessToken: HUBSPOT_TOKEN } } });
    let message = '';
    try {
      loadConfig(file, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`Config file ${file} holds 1 secret(s) inline`);
    expect(message).toContain('config key sources.hubspot.accessToken holds a secret: put it in an environment variable and name that variable in accessTokenEnv');
    expect(message).not.toContain(HUBSPOT_TOKEN);
  });

  it('recognises secret-named keys in any case and anywhere, but not the *Env fields that name variables', () => {
    const problems = inlineSecretProblems({
      sources: {
        salesforce: { clientIdEnv: 'SF_CLIENT_ID', Password: 'x', client_secret: 'y', clientId: 'z' },
        netsuite: { consumerKey: 'k', TOKENSECRET: 't', tokenIdEnv: 'NS_TOKEN_ID' },
      },
      alerts: { webhookUrl: 'w', webhookUrlEnv: 'SLACK_WEBHOOK_URL' },
      extra: [{ apiKey: 'a' }],
    });
    expect(problems.map((p) => p.split(' holds')[0])).toEqual([
      'config key sources.salesforce.Password', 'config key sources.salesforce.client_secret', 'config key sources.salesforce.clientId',
      'config key sources.netsuite.consumerKey', 'config key sources.netsuite.TOKENSECRET',
      'config key alerts.webhookUrl', 'config key extra.0.apiKey',
    ]);
  });

  it('recognises credential-shaped values under any key, naming the path', () => {
    const values = {
      hubspot: HUBSPOT_TOKEN,
      consumer: '3MVG9A2kN3Bn17huXZp1OQhPe8y4_ozAQZZCtx3Mu6RjCsPhW3xAq5vFjgkVqIa1b7dC9sD',
      jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjbG9zZWxvb3AifQ.c2lnbmF0dXJl',
      hex: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      random: 'Zk3uQ9xW1vB7nR2mT5yH8pL4sD6fG0jA',
      slack: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
      basic: 'https://ops:Secr3t@example.com/db',
    };
    const problems = inlineSecretProblems({ sources: { netsuite: { accountId: values.hubspot } }, misc: values });
    expect(problems).toEqual([
      'config value at sources.netsuite.accountId looks like a HubSpot private app token: put it in an environment variable and name that variable in the config instead',
      ...['a HubSpot private app token', 'a Salesforce consumer key', 'a JSON Web Token', 'a hexadecimal key', 'a random key or token', 'a Slack webhook URL', 'a password inside a URL']
        .map((shape, i) => `config value at misc.${Object.keys(values)[i]} looks like ${shape}: put it in an environment variable and name that variable in the config instead`),
    ]);
    for (const value of Object.values(values)) expect(problems.join('\n')).not.toContain(value);
  });

  it('leaves ordinary config values alone: URLs, paths, names of variables, cron, zones, column names', () => {
    for (const text of [
      'https://login.salesforce.com', 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest', 'http://127.0.0.1:54321',
      '/var/lib/closeloop/warehouses/production/Warehouse2026.duckdb', 'SALESFORCE_CONNECTED_APP_CLIENT_SECRET_PRODUCTION',
      '0 2 * * 1-5', 'America/Los_Angeles', 'oldest_overdue_due_date', '1234567_SB1', 'reports-out/leakage-monthly-finance-controller-2026',
    ]) expect([text, credentialShape(text)]).toEqual([text, undefined]);
  });

  it('accepts the config the sandbox writes', () => {
    const config = sandboxPipelineConfig({ salesforce: 'http://127.0.0.1:1', hubspot: 'http://127.0.0.1:2', netsuite: 'http://127.0.0.1:3' }, resolveOptions(), 'closeloop.env');
    expect(inlineSecretProblems(config)).toEqual([]);
  });
});
