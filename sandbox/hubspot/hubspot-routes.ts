import type { ApiRequest, ApiResponse } from '../http/api-types.ts';
import { Router } from '../http/router.ts';
import type { HubspotState } from './hubspot-state.ts';
import { listRecords } from './list-endpoint.ts';
import { archiveRecord, createRecord, getRecord, updateRecord } from './basic-endpoints.ts';
import { batchArchive, batchCreate, batchRead, batchUpdate } from './batch-endpoints.ts';
import { batchUpsert } from './batch-upsert.ts';
import { searchRecords } from './search-endpoint.ts';
import { archiveProperty, createProperty, getProperty, listProperties, updateProperty } from './properties-endpoints.ts';
import { archiveGroup, createGroup, getGroup, listGroups, updateGroup } from './property-groups-endpoints.ts';
import {
  archiveAssociation, batchArchiveAssociations, batchCreateAssociations, batchCreateDefaultAssociations,
  batchReadAssociations, createDefaultAssociation, createLabelledAssociation, getAssociationsPage,
} from './associations-endpoints.ts';

type StateHandler = (state: HubspotState, req: ApiRequest) => ApiResponse | Promise<ApiResponse>;

/** The HubSpot CRM endpoints the sandbox serves. More specific templates come first. */
export function hubspotRouter(state: HubspotState): Router {
  const router = new Router();
  const add = (method: string, template: string, handler: StateHandler): void => {
    router.add(method, template, (req) => handler(state, req));
  };
  const objects = '/crm/v3/objects/:objectType';
  add('POST', `${objects}/search`, searchRecords);
  add('POST', `${objects}/batch/read`, batchRead);
  add('POST', `${objects}/batch/create`, batchCreate);
  add('POST', `${objects}/batch/update`, batchUpdate);
  add('POST', `${objects}/batch/upsert`, batchUpsert);
  add('POST', `${objects}/batch/archive`, batchArchive);
  add('GET', objects, listRecords);
  add('POST', objects, createRecord);
  add('GET', `${objects}/:objectId`, getRecord);
  add('PATCH', `${objects}/:objectId`, updateRecord);
  add('DELETE', `${objects}/:objectId`, archiveRecord);

  const properties = '/crm/v3/properties/:objectType';
  add('GET', `${properties}/groups`, listGroups);
  add('POST', `${properties}/groups`, createGroup);
  add('GET', `${properties}/groups/:groupName`, getGroup);
  add('PATCH', `${properties}/groups/:groupName`, updateGroup);
  add('DELETE', `${properties}/groups/:groupName`, archiveGroup);
  add('GET', properties, listProperties);
  add('POST', properties, createProperty);
  add('GET', `${properties}/:propertyName`, getProperty);
  add('PATCH', `${properties}/:propertyName`, updateProperty);
  add('DELETE', `${properties}/:propertyName`, archiveProperty);

  const v4 = '/crm/v4/objects/:fromObjectType/:objectId/associations';
  add('GET', `${v4}/:toObjectType`, getAssociationsPage);
  add('PUT', `${v4}/default/:toObjectType/:toObjectId`, createDefaultAssociation);
  add('PUT', `${v4}/:toObjectType/:toObjectId`, createLabelledAssociation);
  add('DELETE', `${v4}/:toObjectType/:toObjectId`, archiveAssociation);
  const v4batch = '/crm/v4/associations/:fromObjectType/:toObjectType/batch';
  add('POST', `${v4batch}/read`, batchReadAssociations);
  add('POST', `${v4batch}/create`, batchCreateAssociations);
  add('POST', `${v4batch}/associate/default`, batchCreateDefaultAssociations);
  add('POST', `${v4batch}/archive`, batchArchiveAssociations);
  return router;
}

/** Whether a request is a CRM search (its own per-second limit, no rate-limit headers). */
export function isSearchRequest(req: ApiRequest): boolean {
  return req.method.toUpperCase() === 'POST' && /^\/crm\/v3\/objects\/[^/]+\/search\/?$/.test(req.url.pathname);
}
