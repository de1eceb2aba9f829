import { ApiError, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import { Router } from '../http/router.ts';
import type { EmulatedSystem, SandboxContext } from '../emulated-system.ts';
import { ConcurrencyGate } from './concurrency-gate.ts';
import {
  invalidLogin, nsErrorResponse, serviceUnavailableResponse, tooManyRequestsResponse, unexpectedErrorResponse,
} from './netsuite-errors.ts';
import { OAuth1Verifier } from './oauth1-verifier.ts';
import { RecordEndpoints } from './record-endpoints.ts';
import { SuiteqlEndpoint } from './suiteql-endpoint.ts';
import { NUMBER_TEXT_MACRO } from './suiteql-values.ts';

/**
 * The emulated NetSuite REST API (SuiteTalk REST web services) as netsuite-rest 1.0.9 uses it:
 * OAuth 1.0a token-based authentication, SuiteQL, and the record API, behind the account's
 * concurrency limit. Every answer is JSON or empty, as the client requires.
 */
export async function createNetsuite(ctx: SandboxContext): Promise<EmulatedSystem> {
  const options = ctx.options.netsuite;
  await ctx.db.run(NUMBER_TEXT_MACRO);
  const verifier = new OAuth1Verifier(options);
  const gate = new ConcurrencyGate(ctx.options.faults.netsuiteConcurrency ?? options.concurrency);
  const suiteql = new SuiteqlEndpoint(ctx.db, ctx.dataset.netsuite, options.timeZone);
  const records = new RecordEndpoints(ctx.db, ctx.dataset.netsuite, () => suiteql.invalidate());
  const router = new Router();
  router.add('POST', '/services/rest/query/v1/suiteql', (req) => suiteql.handle(req));
  records.register(router);

  const dispatch = async (req: ApiRequest): Promise<ApiResponse> => {
    try {
      return await router.dispatch(req, notFound, methodNotAllowed);
    } catch (error) {
      if (error instanceof ApiError) return error.response;
      console.error('sandbox netsuite: unexpected error:', error);
      return unexpectedErrorResponse();
    }
  };

  return {
    name: 'netsuite',
    async handle(req: ApiRequest): Promise<ApiResponse> {
      const failure = verifier.verify(req);
      if (failure) {
        const refused = invalidLogin(options.accountId);
        // Real NetSuite never says why; the sandbox adds a hint for whoever debugs the client.
        return { ...refused, headers: { ...refused.headers, 'x-sandbox-auth-failure': failure } };
      }
      return gate.run(() => dispatch(req), tooManyRequestsResponse);
    },
    tooManyRequests: tooManyRequestsResponse,
    serverError: serviceUnavailableResponse,
  };
}

function notFound(req: ApiRequest): ApiResponse {
  return nsErrorResponse(404, 'NONEXISTENT_ID', `The requested resource ${req.url.pathname} does not exist.`, { 'o:urlPath': req.url.pathname });
}

function methodNotAllowed(req: ApiRequest): ApiResponse {
  return nsErrorResponse(405, 'METHOD_NOT_ALLOWED', `The method ${req.method} is not allowed on ${req.url.pathname}.`, { 'o:urlPath': req.url.pathname });
}
