import { json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import type { Router } from '../http/router.ts';
import type { SfContext, SfRequest } from './salesforce-context.ts';
import { resourcesBody } from './api-versions.ts';
import { queryEndpoint, queryMoreEndpoint } from './query-endpoint.ts';
import { describeEndpoint, describeGlobalEndpoint, sobjectInfoEndpoint } from './describe-endpoint.ts';
import { createRecord, deleteRecord, getRecord, updateRecord, upsertRecord } from './sobject-endpoint.ts';
import { createCollection, deleteCollection, retrieveCollection, updateCollection, upsertCollection } from './collections-endpoint.ts';
import { deletedEndpoint, updatedEndpoint } from './replication-endpoint.ts';
import { BulkQueryJobs } from './bulk-query-jobs.ts';
import { BulkIngestJobs } from './bulk-ingest-jobs.ts';

type SfHandler = (req: SfRequest, ctx: SfContext) => ApiResponse | Promise<ApiResponse>;

/** Every authenticated route under `/services/data/vXX.X`. */
export function registerRestRoutes(router: Router, ctx: SfContext): Router {
  const add = (method: string, path: string, handler: SfHandler): void => {
    router.add(method, `/services/data/:version${path}`, (req: ApiRequest) => handler(req as SfRequest, ctx));
  };
  add('GET', '', (req) => json(200, resourcesBody(req.apiVersion)));
  add('GET', '/limits', (_req, c) => json(200, c.usage.limitsBody()));
  add('GET', '/query', (req, c) => queryEndpoint(req, c, false));
  add('GET', '/queryAll', (req, c) => queryEndpoint(req, c, true));
  add('GET', '/query/:locator', queryMoreEndpoint);
  add('GET', '/queryAll/:locator', queryMoreEndpoint);
  add('GET', '/sobjects', describeGlobalEndpoint);
  add('GET', '/sobjects/:object', sobjectInfoEndpoint);
  add('GET', '/sobjects/:object/describe', describeEndpoint);
  add('GET', '/sobjects/:object/updated', updatedEndpoint);
  add('GET', '/sobjects/:object/deleted', deletedEndpoint);
  add('POST', '/sobjects/:object', createRecord);
  add('GET', '/sobjects/:object/:id', getRecord);
  add('PATCH', '/sobjects/:object/:id', updateRecord);
  add('DELETE', '/sobjects/:object/:id', deleteRecord);
  add('PATCH', '/sobjects/:object/:field/:value', upsertRecord);
  add('POST', '/composite/sobjects', createCollection);
  add('PATCH', '/composite/sobjects', updateCollection);
  add('DELETE', '/composite/sobjects', deleteCollection);
  add('POST', '/composite/sobjects/:object', retrieveCollection);
  add('PATCH', '/composite/sobjects/:object/:field', upsertCollection);
  const queryJobs = new BulkQueryJobs(ctx);
  add('POST', '/jobs/query', (req) => queryJobs.create(req));
  add('GET', '/jobs/query', () => queryJobs.list());
  add('GET', '/jobs/query/:id', (req) => queryJobs.status(req));
  add('PATCH', '/jobs/query/:id', (req) => queryJobs.abort(req));
  add('DELETE', '/jobs/query/:id', (req) => queryJobs.remove(req));
  add('GET', '/jobs/query/:id/results', (req) => queryJobs.results(req));
  const ingestJobs = new BulkIngestJobs(ctx);
  add('POST', '/jobs/ingest', (req) => ingestJobs.create(req));
  add('GET', '/jobs/ingest', () => ingestJobs.list());
  add('GET', '/jobs/ingest/:id', (req) => ingestJobs.status(req));
  add('PATCH', '/jobs/ingest/:id', (req) => ingestJobs.changeState(req));
  add('DELETE', '/jobs/ingest/:id', (req) => ingestJobs.remove(req));
  add('PUT', '/jobs/ingest/:id/batches', (req) => ingestJobs.upload(req));
  add('GET', '/jobs/ingest/:id/successfulResults', (req) => ingestJobs.results(req, 'successful'));
  add('GET', '/jobs/ingest/:id/failedResults', (req) => ingestJobs.results(req, 'failed'));
  add('GET', '/jobs/ingest/:id/unprocessedrecords', (req) => ingestJobs.results(req, 'unprocessed'));
  return router;
}
