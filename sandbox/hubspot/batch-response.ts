import { json, type ApiResponse } from '../http/api-types.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import { upperName } from './object-types.ts';

/** One entry of a batch response's `errors`. */
export interface BatchError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors: unknown[];
  links: Record<string, string>;
  subCategory?: string;
}

/** `{status: COMPLETE, results, startedAt, completedAt}` with 207 + `numErrors`/`errors` when some inputs failed. */
export function batchResponse(results: unknown[], errors: readonly BatchError[], startedAt: Date, successStatus: 200 | 201): ApiResponse {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results,
    startedAt: startedAt.toISOString(),
    completedAt: new Date().toISOString(),
  };
  if (errors.length === 0) return json(successStatus, body);
  return json(207, { ...body, numErrors: errors.length, errors });
}

/** The error HubSpot lists for ids a batch could not find. */
export function notFoundError(schema: HsObjectSchema, ids: readonly string[]): BatchError {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${upperName(schema)} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids: [...ids] },
    errors: [],
    links: {},
  };
}
