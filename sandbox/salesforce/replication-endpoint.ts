import { json, type ApiResponse } from '../http/api-types.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { SfContext, SfRequest } from './salesforce-context.ts';
import { sfError } from './salesforce-errors.ts';

/** Salesforce's datetime wire form: `2024-04-01T10:20:30.000+0000`. */
export function sfDateTime(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}

function range(req: SfRequest): { start: string; end: string } {
  const parse = (name: string): string => {
    const text = req.url.searchParams.get(name);
    const millis = text ? Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
    if (Number.isNaN(millis)) throw sfError(400, 'INVALID_REPLICATION_DATE', `${name} must be an ISO 8601 date-time, e.g. 2024-01-01T00:00:00Z`);
    return new Date(millis).toISOString();
  };
  const start = parse('start');
  const end = parse('end');
  if (end < start) throw sfError(400, 'INVALID_REPLICATION_DATE', 'end must not be before start');
  return { start, end };
}

/** `GET …/sobjects/<Object>/updated?start=&end=`: ids of live records changed in the window. */
export async function updatedEndpoint(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = ctx.org.object(req.params.object ?? '');
  if (!object) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const { start, end } = range(req);
  const live = object.hasField('IsDeleted') ? ' AND NOT COALESCE("IsDeleted", false)' : '';
  const rows = await ctx.db.all<{ Id: string }>(
    `SELECT "Id" FROM ${tableName(object.schema)} WHERE "SystemModstamp" >= $1::TIMESTAMP AND "SystemModstamp" <= $2::TIMESTAMP${live} ORDER BY "Id"`,
    [start, end],
  );
  return json(200, { ids: rows.map((r) => r.Id), latestDateCovered: sfDateTime(end) });
}

/** `GET …/sobjects/<Object>/deleted?start=&end=`: records moved to the Recycle Bin in the window. */
export async function deletedEndpoint(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = ctx.org.object(req.params.object ?? '');
  if (!object || !object.hasField('IsDeleted')) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const { start, end } = range(req);
  const rows = await ctx.db.all<{ Id: string; at: string }>(
    `SELECT "Id", strftime("SystemModstamp", '%Y-%m-%dT%H:%M:%S.%gZ') AS at FROM ${tableName(object.schema)}
      WHERE COALESCE("IsDeleted", false) AND "SystemModstamp" >= $1::TIMESTAMP AND "SystemModstamp" <= $2::TIMESTAMP ORDER BY "SystemModstamp", "Id"`,
    [start, end],
  );
  return json(200, {
    deletedRecords: rows.map((r) => ({ id: r.Id, deletedDate: sfDateTime(r.at) })),
    earliestDateAvailable: sfDateTime(new Date(ctx.now() - 15 * 86_400_000).toISOString()),
    latestDateCovered: sfDateTime(end),
  });
}
