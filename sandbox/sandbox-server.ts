import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiRequest, ApiResponse } from './http/api-types.ts';
import { json } from './http/api-types.ts';
import { startApiServer, writeResponse, type ApiServer } from './http/api-server.ts';
import { FaultInjector } from './faults/fault-injector.ts';
import { SandboxDb } from './store/sandbox-db.ts';
import { readChanges } from './store/change-log.ts';
import { loadDataset, type LoadedDataset } from './dataset/dataset-loader.ts';
import { SYSTEMS, type SystemName } from './dataset/dataset-schema.ts';
import { defaultSandboxOptions, type SandboxOptions } from './sandbox-options.ts';
import type { EmulatedSystem, SandboxContext } from './emulated-system.ts';

export type SystemFactory = (ctx: SandboxContext) => Promise<EmulatedSystem>;

/** Per-system option overrides; `faults` replaces the fault spec whole. */
export interface SandboxOverrides {
  salesforce?: Partial<SandboxOptions['salesforce']>;
  hubspot?: Partial<SandboxOptions['hubspot']>;
  netsuite?: Partial<SandboxOptions['netsuite']>;
  faults?: SandboxOptions['faults'];
}

export interface RunningSandbox {
  urls: Partial<Record<SystemName, string>>;
  systems: Partial<Record<SystemName, EmulatedSystem>>;
  faults: Partial<Record<SystemName, FaultInjector>>;
  db: SandboxDb;
  dataset: LoadedDataset;
  options: SandboxOptions;
  close(): Promise<void>;
}

export function resolveOptions(overrides: SandboxOverrides = {}): SandboxOptions {
  const defaults = defaultSandboxOptions();
  const faults = overrides.faults ?? defaults.faults;
  return {
    salesforce: { ...defaults.salesforce, ...overrides.salesforce },
    hubspot: { ...defaults.hubspot, ...overrides.hubspot, ...(faults.hubspotTenSecondLimit && { tenSecondLimit: faults.hubspotTenSecondLimit }) },
    netsuite: { ...defaults.netsuite, ...overrides.netsuite },
    faults,
  };
}

/**
 * Loads a dataset folder into a fresh in-memory database and serves each given system on its own
 * loopback port (`basePort` + 0/1/2 for Salesforce/HubSpot/NetSuite; 0 picks free ports).
 */
export async function startSandbox(input: {
  dataDir: string;
  systems: Partial<Record<SystemName, SystemFactory>>;
  options?: SandboxOverrides;
  basePort?: number;
}): Promise<RunningSandbox> {
  const options = resolveOptions(input.options);
  const db = await SandboxDb.open();
  const servers: ApiServer[] = [];
  try {
    const dataset = await loadDataset(db, input.dataDir);
    const ctx: SandboxContext = { db, dataset, options };
    const running: RunningSandbox = {
      urls: {}, systems: {}, faults: {}, db, dataset, options,
      close: async () => {
        await Promise.all(servers.map((s) => s.close()));
        db.close();
      },
    };
    for (const [index, name] of SYSTEMS.entries()) {
      const factory = input.systems[name];
      if (!factory) continue;
      const system = await factory(ctx);
      const faults = new FaultInjector(options.faults.rates[name], options.faults.seed + index);
      const port = input.basePort ? input.basePort + index : 0;
      const server = await serveSystem(system, faults, ctx, port);
      servers.push(server);
      running.urls[name] = server.url;
      running.systems[name] = system;
      running.faults[name] = faults;
    }
    return running;
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    db.close();
    throw error;
  }
}

function serveSystem(system: EmulatedSystem, faults: FaultInjector, ctx: SandboxContext, port: number): Promise<ApiServer> {
  return startApiServer({
    port,
    handler: (req) => system.handle(req),
    onError: (error) => {
      console.error(`sandbox ${system.name}: unhandled error:`, error);
      return system.serverError();
    },
    intercept: async (req, raw) => {
      if (req.url.pathname.startsWith('/__sandbox/')) {
        writeResponse(raw.res, await adminResponse(req, system.name, ctx));
        return 'handled';
      }
      const fault = faults.next();
      if (fault === 'none') return 'continue';
      if (fault === 'connectionReset') {
        raw.req.socket.destroy();
        return 'handled';
      }
      if (fault === 'slow') {
        await sleep(ctx.options.faults.slowMs);
        return raw.res.destroyed ? 'handled' : 'continue';
      }
      writeResponse(raw.res, fault === 'tooManyRequests' ? system.tooManyRequests(req) : system.serverError(req));
      return 'handled';
    },
  });
}

/** Test and operator endpoints, never subject to faults or auth: the change log and counters. */
async function adminResponse(req: ApiRequest, name: SystemName, ctx: SandboxContext): Promise<ApiResponse> {
  if (req.url.pathname === '/__sandbox/changes') {
    const system = req.url.searchParams.get('system') ?? name;
    const sinceSeq = Number(req.url.searchParams.get('since') ?? 0);
    const changes = await ctx.db.exclusive((tx) => readChanges(tx, { system, sinceSeq }));
    return json(200, { changes });
  }
  if (req.url.pathname === '/__sandbox/health') return json(200, { status: 'ok', system: name, rows: ctx.dataset.rowCounts });
  return json(404, { error: `unknown sandbox endpoint ${req.url.pathname}` });
}
