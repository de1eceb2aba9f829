import { Connection } from 'jsforce';
import type { SalesforceSourceConfig } from '../../config/pipeline-config.ts';

type Secret = (name: string) => string;

/**
 * Logs in to Salesforce with jsforce: the OAuth username-password flow when a username is configured,
 * otherwise client credentials. jsforce re-runs the same login when the session expires.
 */
export async function connectSalesforce(source: SalesforceSourceConfig, secret: Secret): Promise<Connection> {
  const conn = new Connection({
    loginUrl: source.loginUrl,
    version: source.apiVersion,
    oauth2: { loginUrl: source.loginUrl, clientId: secret(source.clientIdEnv), clientSecret: secret(source.clientSecretEnv) },
  });
  if (source.usernameEnv && source.passwordEnv) {
    await conn.login(secret(source.usernameEnv), secret(source.passwordEnv));
  } else {
    await conn.authorize({ grant_type: 'client_credentials' });
  }
  return conn;
}
