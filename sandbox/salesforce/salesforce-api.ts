import { ApiError, json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import { Router } from '../http/router.ts';
import type { EmulatedSystem, SandboxContext } from '../emulated-system.ts';
import { OrgSchema } from './org-schema.ts';
import { ApiUsage } from './limits.ts';
import { SessionStore, bearerToken } from './session-store.ts';
import { CursorStore } from './query-cursors.ts';
import { IdGenerator } from './id-generator.ts';
import { identityEndpoint, revokeEndpoint, tokenEndpoint } from './oauth-endpoint.ts';
import { invalidSessionResponse, notFoundResponse, sfErrorResponse } from './salesforce-errors.ts';
import { normalizeState } from './state-normalizer.ts';
import { registerRestRoutes } from './rest-routes.ts';
import { versionsBody } from './api-versions.ts';
import type { SfContext, SfRequest } from './salesforce-context.ts';
import { RowLockFault } from '../faults/row-lock-fault.ts';

/** The emulated Salesforce org, plus test controls. */
export interface SalesforceSystem extends EmulatedSystem {
  /** Ends every OAuth session: the next call answers 401 INVALID_SESSION_ID and jsforce logs in again. */
  expireSessions(): void;
}

/** Request faults use seed + 0..2 (one per system); row locks get a stream of their own. */
const ROW_LOCK_SEED_OFFSET = 3;

const DATA_PATH = /^\/services\/data\/v(\d{1,3}\.\d)(\/.*)?$/;

/** Salesforce REST, OAuth and Bulk API 2.0 over the sandbox database (wire spec §1). */
export async function createSalesforce(sandbox: SandboxContext): Promise<SalesforceSystem> {
  const options = sandbox.options.salesforce;
  const now = Date.now;
  const faults = sandbox.options.faults;
  const ctx: SfContext = {
    db: sandbox.db,
    org: new OrgSchema(sandbox.dataset.salesforce, options.multiCurrency),
    options,
    usage: new ApiUsage(faults.dailyLimits.salesforce ?? options.dailyApiLimit, now),
    sessions: new SessionStore({ ttlSeconds: options.sessionTtlSeconds, orgId: options.orgId, now }),
    cursors: new CursorStore({ now }),
    ids: new IdGenerator(),
    rowLocks: new RowLockFault(faults.salesforceRowLock, faults.seed + ROW_LOCK_SEED_OFFSET),
    now,
  };
  await normalizeState(ctx.db, ctx.org);
  const publicRoutes = new Router()
    .add('POST', '/services/oauth2/token', (req) => tokenEndpoint(req, options, ctx.sessions))
    .add('POST', '/services/oauth2/revoke', (req) => revokeEndpoint(req, ctx.sessions))
    .add('GET', '/id/:org/:user', (req) => identityEndpoint(req, options, ctx.sessions))
    .add('GET', '/services/data', (req) => json(200, versionsBody(req)));
  const restRoutes = registerRestRoutes(new Router(), ctx);

  return {
    name: 'salesforce',
    handle: async (req) => {
      try {
        if (DATA_PATH.test(req.url.pathname)) return withLimitInfo(await handleRest(req, ctx, restRoutes), ctx);
        return await publicRoutes.dispatch(req, notFoundResponse, methodNotAllowed);
      } catch (error) {
        if (error instanceof ApiError) return withLimitInfo(error.response, ctx);
        console.error('sandbox salesforce: unexpected error', error);
        return withLimitInfo(unexpectedError(), ctx);
      }
    },
    tooManyRequests: (req?: ApiRequest) =>
      isOAuth(req)
        ? json(429, { error: 'request_limit_exceeded', error_description: 'Too many requests. Try again later.' })
        : withLimitInfo(sfErrorResponse(429, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'), ctx),
    serverError: (req?: ApiRequest) =>
      isOAuth(req)
        ? json(503, { error: 'server_unavailable', error_description: 'Server temporarily unavailable. Please try again later.' })
        : sfErrorResponse(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable. Please try again later.'),
    expireSessions: () => ctx.sessions.expireAll(),
  };
}

async function handleRest(req: ApiRequest, ctx: SfContext, routes: Router): Promise<ApiResponse> {
  const token = bearerToken(req.headers.authorization);
  const session = token ? ctx.sessions.use(token) : undefined;
  if (!session) return invalidSessionResponse();
  if (!ctx.usage.count()) return sfErrorResponse(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
  const apiVersion = DATA_PATH.exec(req.url.pathname)![1]!;
  const sfReq: SfRequest = { ...req, params: {}, session, apiVersion };
  return routes.dispatch(sfReq, notFoundResponse, methodNotAllowed);
}

function withLimitInfo(response: ApiResponse, ctx: SfContext): ApiResponse {
  return { ...response, headers: { ...response.headers, 'Sforce-Limit-Info': ctx.usage.header() } };
}

function methodNotAllowed(req: ApiRequest): ApiResponse {
  return sfErrorResponse(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed for ${req.url.pathname}`);
}

function unexpectedError(): ApiResponse {
  const errorId = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  return sfErrorResponse(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`);
}

/** The OAuth endpoints answer errors in OAuth's own format ({error, error_description}), not the REST array. */
function isOAuth(req: ApiRequest | undefined): boolean {
  return req?.url.pathname.startsWith('/services/oauth2/') ?? false;
}
