import { publishedPaths } from '../warehouse/publish-paths.ts';
import { publishWarehouse, type PublishResult } from '../warehouse/publish-warehouse.ts';
import type { WarehouseSession } from './warehouse-session.ts';

/** Replaces the analysts' read-only copy (DuckDB file and Parquet exports of the marts) with the warehouse as it stands. */
export async function publishStage(session: WarehouseSession, configFile: string): Promise<PublishResult> {
  const paths = publishedPaths(configFile, session.loaded.config);
  const result = await publishWarehouse(session.warehouse, { dir: paths.dir, parquet: session.loaded.config.publish.parquet });
  console.log(`Published for analysts: ${result.file}${result.parquetDir ? ` and ${result.parquetDir}` : ''}`);
  return result;
}
