/** Turns a netsuite-rest (got) failure into an error that says what failed and what to do. */
interface HttpFailure {
  response: { statusCode: number; body?: unknown };
}

function isHttpFailure(error: unknown): error is HttpFailure {
  const response = (error as { response?: { statusCode?: unknown } } | null)?.response;
  return typeof response?.statusCode === 'number';
}

/** `CODE: detail` from NetSuite's `o:errorDetails` body, or the body text. */
function errorDetail(body: unknown): string {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body ?? '');
  try {
    const parsed = JSON.parse(text) as { 'o:errorDetails'?: { detail?: string; 'o:errorCode'?: string }[] };
    const first = parsed['o:errorDetails']?.[0];
    if (first) return `${first['o:errorCode'] ?? 'ERROR'}: ${first.detail ?? ''}`;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 500);
}

export const LOGIN_ADVICE = 'check the NS_* token variables (consumer key/secret, token id/secret), the account id/realm (sources.netsuite.accountId) and that the role has the REST Web Services and SuiteAnalytics Workbook permissions';

/** An Error naming what was attempted (`what`), NetSuite's answer and the fix. Other errors pass through. */
export function netsuiteFailure(error: unknown, what: string): unknown {
  if (!isHttpFailure(error)) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
      return new Error(`NetSuite ${what}: cannot reach the server (${String(code)}); check sources.netsuite.baseUrl / accountId and the network.`, { cause: error });
    }
    return error;
  }
  const status = error.response.statusCode;
  const detail = errorDetail(error.response.body);
  if (status === 401) return new Error(`NetSuite ${what}: login refused (401 ${detail}); ${LOGIN_ADVICE}.`, { cause: error });
  if (status === 403) return new Error(`NetSuite ${what}: permission denied (403 ${detail}); give the integration role permission to read this record type in SuiteQL.`, { cause: error });
  if (status === 400) return new Error(`NetSuite ${what}: SuiteQL refused the query (400 ${detail}); the account may lack a feature or field this query reads — report the query with this message.`, { cause: error });
  return new Error(`NetSuite ${what}: HTTP ${status} (${detail}); retry later, or check NetSuite's status if it persists.`, { cause: error });
}
