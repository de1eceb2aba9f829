import type { SystemName } from './dataset/dataset-schema.ts';
import type { SystemFactory } from './sandbox-server.ts';
import { createSalesforce } from './salesforce/salesforce-api.ts';
import { createHubspot } from './hubspot/hubspot-api.ts';
import { createNetsuite } from './netsuite/netsuite-api.ts';

/** The three emulated APIs the sandbox serves. */
export const ALL_SYSTEMS: Record<SystemName, SystemFactory> = {
  salesforce: createSalesforce,
  hubspot: createHubspot,
  netsuite: createNetsuite,
};
