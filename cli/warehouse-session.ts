import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/pipeline-config.ts';
import { migrateWarehouse } from '../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.ts';

/** What a command that works on the warehouse needs: the config, the migrated warehouse, a stop signal. */
export interface WarehouseSession {
  loaded: LoadedConfig;
  warehouse: Warehouse;
  warehousePath: string;
  /** Aborted on the first SIGTERM/SIGINT: the stage finishes its current page, then stops. */
  signal: AbortSignal;
}

/** Opens the config's warehouse (migrated), runs `work`, and always closes it again. */
export async function withWarehouseSession<T>(configFile: string, work: (session: WarehouseSession) => Promise<T>): Promise<T> {
  const loaded = loadConfig(configFile);
  const warehousePath = path.resolve(path.dirname(configFile), loaded.config.warehouse.path);
  const warehouse = await openWarehouse(warehousePath);
  const stop = new AbortController();
  const onSignal = (): void => {
    process.stderr.write('Stopping after the current page (send again to force)...\n');
    stop.abort();
    process.once('SIGTERM', () => process.exit(130));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    const { memoryLimit } = loaded.config.warehouse;
    if (memoryLimit !== undefined) await warehouse.withConnection((connection) => connection.run(`SET memory_limit = '${memoryLimit}'`));
    await migrateWarehouse(warehouse.db);
    return await work({ loaded, warehouse, warehousePath, signal: stop.signal });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await warehouse.close();
  }
}

/** Parses `--as-of` (default now). */
export function parseAsOf(text: string | undefined): Date {
  const asOf = text === undefined ? new Date() : new Date(text);
  if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of ${text}: not a date or time (write e.g. 2026-11-01 or 2026-11-01T06:00:00Z)`);
  return asOf;
}

/** A run id that sorts by time and says what ran: `extract-20261101T060000-1a2b3c4d`. */
export function newRunId(kind: string, asOf: Date): string {
  return `${kind}-${asOf.toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
}
