import type { Kysely } from 'kysely';
import type { SourceName } from '../systems/api/api-types.ts';
import type { WarehouseSchema } from '../warehouse/warehouse-schema.ts';

/** How fresh one configured source is: when a run last extracted every one of its streams successfully. */
export interface SourceFreshness {
  readonly source: SourceName;
  /** finished_at of the latest run whose extract had every stream of this source ok; null if none ever did. */
  readonly lastSuccessAt: Date | null;
  /** Hours from that run to `now`; null when there was none. */
  readonly hoursSince: number | null;
  /** No successful extract within `staleAfterHours` (or never). */
  readonly stale: boolean;
}

/** A source that alerts and `closeloop status` report as stale (a `SourceFreshness` with `stale` true). */
export type StaleSource = SourceFreshness;

interface StreamStatus {
  readonly source?: unknown;
  readonly status?: unknown;
}

const PAGE = 200;

/**
 * Freshness per configured source, read from meta.runs: the latest finished run whose extract stage
 * recorded streams of the source and all of them ok. Reads runs newest first and stops once every
 * source has its answer.
 */
export async function sourceFreshness(
  db: Kysely<WarehouseSchema>,
  now: Date,
  staleAfterHours: number,
  sources: readonly SourceName[],
): Promise<SourceFreshness[]> {
  const lastSuccess = new Map<SourceName, Date>();
  for (let offset = 0; lastSuccess.size < sources.length; offset += PAGE) {
    const runs = await db.selectFrom('meta.runs').select(['finished_at', 'stages'])
      .where('finished_at', 'is not', null).orderBy('finished_at', 'desc').orderBy('run_id', 'desc')
      .limit(PAGE).offset(offset).execute();
    for (const run of runs) {
      for (const source of succeededSources(run.stages, sources)) {
        if (!lastSuccess.has(source)) lastSuccess.set(source, run.finished_at!);
      }
    }
    if (runs.length < PAGE) break;
  }
  return sources.map((source) => freshness(source, lastSuccess.get(source), now, staleAfterHours));
}

/** The sources whose every stream was ok in this run's extract stage. */
export function succeededSources(stages: unknown, sources: readonly SourceName[]): SourceName[] {
  const streams = extractStreams(stages);
  return sources.filter((source) => {
    const mine = streams.filter((s) => s.source === source);
    return mine.length > 0 && mine.every((s) => s.status === 'ok');
  });
}

/** `extract.detail.streams` (the current layout) or `extract.streams` (runs recorded before it). */
function extractStreams(stages: unknown): StreamStatus[] {
  const parsed = typeof stages === 'string' ? safeJson(stages) : stages;
  const extract = field(parsed, 'extract');
  const streams = field(field(extract, 'detail'), 'streams') ?? field(extract, 'streams');
  return Array.isArray(streams) ? (streams.filter((s) => typeof s === 'object' && s !== null) as StreamStatus[]) : [];
}

function freshness(source: SourceName, last: Date | undefined, now: Date, staleAfterHours: number): SourceFreshness {
  if (last === undefined) return { source, lastSuccessAt: null, hoursSince: null, stale: true };
  const hoursSince = (now.getTime() - last.getTime()) / 3_600_000;
  return { source, lastSuccessAt: last, hoursSince, stale: hoursSince > staleAfterHours };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
