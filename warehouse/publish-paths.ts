import path from 'node:path';
import type { PipelineConfig } from '../config/pipeline-config.ts';

/** The published DuckDB file's name inside the publish folder. */
export const PUBLISHED_FILE_NAME = 'closeloop.duckdb';
/** The Parquet folder's name inside the publish folder (a link to the current export). */
export const PARQUET_LINK_NAME = 'parquet';

/** Where the analysts' copy lives; `run`, `sql` and `status` all resolve it here. */
export interface PublishedPaths {
  /** The publish folder (config `publish.dir`, relative to the config file). */
  dir: string;
  /** The read-only DuckDB copy. */
  file: string;
  /** The Parquet exports of the marts, one `<table>.parquet` each; absent when `publish.parquet` is false. */
  parquetDir?: string;
}

export function publishedPaths(configFile: string, config: Pick<PipelineConfig, 'publish'>): PublishedPaths {
  const dir = path.resolve(path.dirname(configFile), config.publish.dir);
  return {
    dir,
    file: path.join(dir, PUBLISHED_FILE_NAME),
    ...(config.publish.parquet ? { parquetDir: path.join(dir, PARQUET_LINK_NAME) } : {}),
  };
}
