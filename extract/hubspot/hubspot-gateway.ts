import type { Client } from '@hubspot/api-client';
import type { ApiCaller } from '../extract-types.ts';
import type { HubspotObject } from './hubspot-columns.ts';
import type { Pacer, UsageMeter } from '../../systems/clients/hubspot-usage-meter.ts';

export interface ListRequest {
  limit: number;
  after?: string;
  properties: string[];
  associations?: string[];
  archived: boolean;
}

export interface SearchRequest {
  limit: number;
  after?: string;
  properties: string[];
  sinceMs: number | null;
  beforeMs: number | null;
}

type SearchBody = Parameters<Client['crm']['objects']['searchApi']['doSearch']>[1];

export interface ObjectPage {
  results: HubspotObject[];
  next?: string;
}

/** The HubSpot calls the connector makes, each through the run's ApiCaller and counted by the meter. */
export class HubspotGateway {
  private readonly client: Client;
  private readonly api: ApiCaller;
  private readonly meter: UsageMeter;
  private readonly searchPacer: Pacer;
  private readonly signal: AbortSignal;

  constructor(input: { client: Client; api: ApiCaller; meter: UsageMeter; searchPacer: Pacer; signal: AbortSignal }) {
    this.client = input.client;
    this.api = input.api;
    this.meter = input.meter;
    this.searchPacer = input.searchPacer;
    this.signal = input.signal;
  }

  async list(objectType: string, request: ListRequest): Promise<ObjectPage> {
    const info = await this.api.call({ method: 'GET', endpoint: `/crm/v3/objects/${objectType}` }, async () => {
      this.signal.throwIfAborted();
      this.meter.count();
      const answer = await this.client.crm.objects.basicApi.getPageWithHttpInfo(
        objectType, request.limit, request.after, request.properties, undefined, request.associations, request.archived,
      );
      this.meter.observe(answer.headers);
      return answer.data;
    });
    return { results: info.results as HubspotObject[], ...(info.paging?.next?.after ? { next: info.paging.next.after } : {}) };
  }

  /** Records modified in [sinceMs, beforeMs), oldest first, by `after` offset. */
  async search(objectType: string, request: SearchRequest): Promise<ObjectPage & { total: number }> {
    const filters = [
      ...(request.sinceMs === null ? [] : [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE' as const, value: String(request.sinceMs) }]),
      ...(request.beforeMs === null ? [] : [{ propertyName: 'hs_lastmodifieddate', operator: 'LT' as const, value: String(request.beforeMs) }]),
    ];
    // The SDK types operators as a TS enum whose values are these same strings.
    const body = {
      limit: request.limit,
      ...(request.after ? { after: request.after } : {}),
      // The SDK types sorts as strings but sends objects untouched; HubSpot documents the object form.
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties: request.properties,
      filterGroups: filters.length > 0 ? [{ filters }] : [],
    } as unknown as SearchBody;
    const answer = await this.api.call({ method: 'POST', endpoint: `/crm/v3/objects/${objectType}/search` }, async () => {
      await this.searchPacer.wait(this.signal);
      this.meter.count();
      return this.client.crm.objects.searchApi.doSearch(objectType, body);
    });
    return {
      total: answer.total,
      results: answer.results as HubspotObject[],
      ...(answer.paging?.next?.after ? { next: answer.paging.next.after } : {}),
    };
  }

  /** Company ids per deal id (v4 batch read; deals without companies are simply absent). */
  async companyIds(dealIds: readonly string[]): Promise<Map<string, string[]>> {
    const links = new Map<string, string[]>();
    if (dealIds.length === 0) return links;
    const answer = await this.api.call({ method: 'POST', endpoint: '/crm/v4/associations/deals/companies/batch/read' }, async () => {
      this.signal.throwIfAborted();
      this.meter.count();
      return this.client.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: dealIds.map((id) => ({ id })) });
    });
    for (const result of answer.results) {
      const ids = links.get(String(result._from.id)) ?? [];
      for (const to of result.to) ids.push(String(to.toObjectId));
      links.set(String(result._from.id), ids);
    }
    return links;
  }
}
