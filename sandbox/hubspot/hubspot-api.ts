import { randomUUID } from 'node:crypto';
import { ApiError, json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import type { EmulatedSystem, SandboxContext } from '../emulated-system.ts';
import { authenticate } from './hubspot-auth.ts';
import { hsErrorBody, hsErrorResponse } from './hubspot-errors.ts';
import { IdAllocator, type HubspotState } from './hubspot-state.ts';
import { PropertyRegistry } from './property-registry.ts';
import { SearchIndex } from './search-index.ts';
import { RateLimits } from './rate-limits.ts';
import { prepareHubspotTables } from './database-setup.ts';
import { hubspotRouter, isSearchRequest } from './hubspot-routes.ts';

const JSON_TYPE = 'application/json;charset=utf-8';

/**
 * The emulated HubSpot CRM API (objects, search, batch, properties, associations v4) as
 * @hubspot/api-client 14 sees it: bearer auth, exact status codes, HubSpot's error bodies,
 * rate limits with their headers and 429 bodies, and a Content-Type on every response.
 */
export async function createHubspot(ctx: SandboxContext): Promise<EmulatedSystem> {
  const options = ctx.options.hubspot;
  await prepareHubspotTables(ctx.db, ctx.dataset.hubspot);
  const state: HubspotState = {
    db: ctx.db,
    registry: new PropertyRegistry(ctx.dataset.hubspot),
    ids: await IdAllocator.load(ctx.db, ctx.dataset.hubspot),
    searchIndex: new SearchIndex(options.searchLagMs),
    portalId: options.portalId,
  };
  const limits = new RateLimits({
    portalId: options.portalId,
    dailyLimit: ctx.options.faults.dailyLimits.hubspot ?? options.dailyLimit,
    tenSecondLimit: options.tenSecondLimit,
    searchPerSecond: options.searchPerSecond,
  });
  const router = hubspotRouter(state);
  let faults = 0;

  const handle = async (req: ApiRequest): Promise<ApiResponse> => {
    let headers: Record<string, string> = {};
    try {
      authenticate(req, options.accessToken);
      headers = limits.admit(isSearchRequest(req) ? 'search' : 'api');
      return withHeaders(await router.dispatch(req, notFound, methodNotAllowed), headers);
    } catch (error) {
      if (error instanceof ApiError) return withHeaders(error.response, headers);
      return withHeaders(internalError(error), headers);
    }
  };

  return {
    name: 'hubspot',
    handle,
    tooManyRequests: () => withHeaders(limits.limitResponse('TEN_SECONDLY_ROLLING'), {}),
    serverError: () => {
      faults += 1;
      const [status, message] = faults % 2 === 1 ? [502, 'Bad Gateway'] : [503, 'Service Unavailable'];
      return json(status, { status: 'error', message, correlationId: randomUUID() });
    },
  };
}

/** Every HubSpot response carries a Content-Type, even a 204 (the client cannot parse without one). */
function withHeaders(response: ApiResponse, extra: Record<string, string>): ApiResponse {
  const headers = { ...extra, ...response.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = JSON_TYPE;
  return { ...response, headers };
}

function notFound(req: ApiRequest): ApiResponse {
  return hsErrorResponse(404, 'OBJECT_NOT_FOUND', `No HubSpot endpoint ${req.method} ${req.url.pathname} in the sandbox.`);
}

function methodNotAllowed(req: ApiRequest): ApiResponse {
  return json(405, hsErrorBody('VALIDATION_ERROR', `Method ${req.method} is not allowed on ${req.url.pathname}.`));
}

function internalError(error: unknown): ApiResponse {
  console.error('sandbox hubspot: internal error:', error);
  return hsErrorResponse(500, 'INTERNAL_ERROR', `Internal error in the HubSpot sandbox: ${(error as Error)?.message ?? String(error)}`);
}
