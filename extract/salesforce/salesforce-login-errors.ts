import type { SalesforceSourceConfig } from '../../config/pipeline-config.ts';

/** A login failure rewritten to say which setting or secret to fix. */
export function explainLoginError(source: SalesforceSourceConfig, error: unknown): Error {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  const cause = `${name}: ${message}`;
  const user = source.usernameEnv && source.passwordEnv ? `${source.usernameEnv} / ${source.passwordEnv}` : undefined;
  let fix: string;
  switch (name) {
    case 'invalid_client_id':
      fix = `check ${source.clientIdEnv} (the connected app's consumer key)`;
      break;
    case 'invalid_client':
      fix = `check ${source.clientIdEnv} / ${source.clientSecretEnv} (the connected app's consumer key and secret)`;
      break;
    case 'invalid_grant':
      fix = user
        ? `check ${user} (the integration user's username and password, with the security token appended if the org requires it)`
        : `check ${source.clientIdEnv} / ${source.clientSecretEnv} and that the connected app allows the client-credentials flow with a run-as user`;
      break;
    default:
      fix = isNetworkError(error)
        ? `check loginUrl (${source.loginUrl}) in the config: the login server could not be reached`
        : `check loginUrl (${source.loginUrl}), ${source.clientIdEnv} / ${source.clientSecretEnv}${user ? ` and ${user}` : ''}`;
  }
  return new Error(`Salesforce login to ${source.loginUrl} failed (${cause}); ${fix}`, { cause: error });
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ?? (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/.test(code);
}
